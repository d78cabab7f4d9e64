import { Composer } from "grammy";
import type { MediatorRepository } from "../../domain/mediator.js";
import type { OperatorDirectory } from "../../domain/operators.js";
import { helpText, menuRoleOf } from "../commands.js";
import type { BotContext } from "../context.js";
import { onAction } from "../helpers/on-action.js";
import { showScreen } from "../helpers/show-screen.js";
import { createBackToMenuKeyboard, createMainMenuKeyboard } from "../keyboards/main-menu.js";

export function createMenuFeature(deps: { operators: OperatorDirectory; mediators: MediatorRepository }): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onAction(feature, "menu", (ctx) => showScreen(ctx, ctx.t("menu.title"), createMainMenuKeyboard(ctx.t)));

  // The commands of the person's own role: mediators also see theirs, operators also learn where their
  // console is; nobody else is told it exists.
  const showHelp = async (ctx: BotContext) => {
    const role = ctx.from ? await menuRoleOf(deps, BigInt(ctx.from.id), ctx.user?.id ?? null) : { operator: false, mediator: false };
    await showScreen(ctx, helpText(ctx.t, role), createBackToMenuKeyboard(ctx.t));
  };
  feature.command("help", showHelp);
  onAction(feature, "help", showHelp);
  return feature;
}
