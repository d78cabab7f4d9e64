import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { isOperator } from "../filters/is-operator.js";
import { viewerOf } from "../helpers/operator-actions.js";
import { renderAudit, renderMenu, type OperatorConsoleDeps } from "../helpers/operator-screens.js";
import { onOperatorAction } from "../helpers/on-operator-action.js";
import { showScreen } from "../helpers/show-screen.js";
import { refreshCommandMenu } from "../commands.js";
import { createOperatorApplicationsFeature } from "./operator-applications.js";
import { createOperatorMediatorsFeature } from "./operator-mediators.js";
import { createOperatorTeamFeature } from "./operator-team.js";

/**
 * The operator console: /operator (help and menu), /applications, /mediators, /operators, /audit.
 * Commands match only for operators, so anyone else gets the ordinary "not understood" answer and never
 * learns the console exists; console buttons are re-authorised on every tap (helpers/on-operator-action.ts).
 */
export function createOperatorFeature(deps: OperatorConsoleDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const operatorsOnly = isOperator(deps.operators);

  const showMenu = async (ctx: BotContext) => {
    const screen = await renderMenu(deps, viewerOf(ctx));
    await showScreen(ctx, screen.text, screen.keyboard);
  };
  feature.command("operator").filter(operatorsOnly, async (ctx) => {
    await showMenu(ctx);
    // The "/" menu of this operator's chat lists the console's commands too, in their language.
    await refreshCommandMenu(ctx.api, deps, BigInt(ctx.from!.id));
  });
  onOperatorAction(feature, deps.operators, "op-menu", showMenu);
  // A tap on an old question's buttons (the question is no longer open): back to the console.
  onOperatorAction(feature, deps.operators, "op-prompt-cancel", showMenu);
  onOperatorAction(feature, deps.operators, "op-prompt-skip", showMenu);

  const showAudit = async (ctx: BotContext) => {
    const { messages, keyboard } = await renderAudit(deps, viewerOf(ctx));
    for (const [i, text] of messages.entries()) {
      await ctx.reply(text, { parse_mode: "HTML", link_preview_options: { is_disabled: true }, ...(i === messages.length - 1 ? { reply_markup: keyboard } : {}) });
    }
  };
  feature.command("audit").filter(operatorsOnly, showAudit);
  onOperatorAction(feature, deps.operators, "op-audit", showAudit);

  feature.use(createOperatorApplicationsFeature(deps), createOperatorMediatorsFeature(deps), createOperatorTeamFeature(deps));
  return feature;
}
