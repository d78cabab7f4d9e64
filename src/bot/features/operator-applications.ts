import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { isOperator } from "../filters/is-operator.js";
import { viewerOf } from "../helpers/operator-actions.js";
import { renderQueue, type OperatorConsoleDeps } from "../helpers/operator-screens.js";
import { onOperatorAction } from "../helpers/on-operator-action.js";
import { showScreen } from "../helpers/show-screen.js";

/** /applications: mediators waiting for approval, oldest first; each opens its card (operator-mediators.ts). */
export function createOperatorApplicationsFeature(deps: OperatorConsoleDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const show = async (ctx: BotContext) => {
    const screen = await renderQueue(deps, viewerOf(ctx));
    await showScreen(ctx, screen.text, screen.keyboard);
  };
  feature.command("applications").filter(isOperator(deps.operators), show);
  onOperatorAction(feature, deps.operators, "op-queue", show);
  return feature;
}
