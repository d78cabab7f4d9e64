import { Composer } from "grammy";
import type { OperatorDirectory } from "../../domain/operators.js";
import type { BotContext } from "../context.js";
import { onAction } from "../helpers/on-action.js";
import { showScreen } from "../helpers/show-screen.js";
import { createBackToMenuKeyboard, createMainMenuKeyboard } from "../keyboards/main-menu.js";

export function createMenuFeature(deps: { operators: OperatorDirectory }): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, "menu", (ctx) => showScreen(ctx, ctx.t("menu.title"), createMainMenuKeyboard(ctx.t)));

  // Operators also learn where their console is; nobody else is told it exists.
  const showHelp = async (ctx: BotContext) => {
    const operator = ctx.from ? await deps.operators.isOperator(BigInt(ctx.from.id)) : false;
    const text = operator ? `${ctx.t("help.text")}\n\n${ctx.t("help.operatorHint")}` : ctx.t("help.text");
    await showScreen(ctx, text, createBackToMenuKeyboard(ctx.t));
  };
  feature.command("help", showHelp);
  onAction(feature, "help", showHelp);
  return feature;
}
