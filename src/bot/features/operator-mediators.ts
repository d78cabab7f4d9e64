import { Composer } from "grammy";
import { DECISION_RULES } from "../../domain/mediator-decisions.js";
import type { BotContext } from "../context.js";
import { OPERATOR_PROMPT_CONVERSATION, type PromptTask } from "../conversations/operator-prompt/operator-prompt.js";
import { isOperator } from "../filters/is-operator.js";
import { actorOf, carryOutDecision, viewerOf } from "../helpers/operator-actions.js";
import { renderCard, renderMediatorList, statusNotice, type OperatorConsoleDeps } from "../helpers/operator-screens.js";
import { onOperatorAction } from "../helpers/on-operator-action.js";
import { showScreen } from "../helpers/show-screen.js";

/**
 * /mediators (active and suspended), a mediator's card, and the decisions on it. Approving and reactivating
 * happen on the tap; rejecting and suspending first ask for a reason (the prompt conversation). Every
 * decision is a conditional status change, so a second operator's tap on an old card changes nothing.
 */
export function createOperatorMediatorsFeature(deps: OperatorConsoleDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const showList = async (ctx: BotContext, status: "active" | "suspended") => {
    const screen = await renderMediatorList(deps, viewerOf(ctx), status);
    await showScreen(ctx, screen.text, screen.keyboard);
  };

  feature.command("mediators").filter(isOperator(deps.operators), (ctx) => showList(ctx, "active"));
  onOperatorAction(feature, deps.operators, "op-mediators", (ctx, { status }) => showList(ctx, status));

  onOperatorAction(feature, deps.operators, "op-card", async (ctx, { id }) => {
    const screen = await renderCard(deps, viewerOf(ctx), id);
    await showScreen(ctx, screen.text, screen.keyboard);
  });

  onOperatorAction(feature, deps.operators, "op-decide", async (ctx, { decision, id }) => {
    const actor = actorOf(ctx);
    if (!actor) return;
    if (decision === "approve" || decision === "reactivate") {
      const screen = await carryOutDecision(ctx.api, deps, actor, id, decision, null);
      return showScreen(ctx, screen.text, screen.keyboard);
    }
    // Ask for the reason only while the decision still applies; the change itself is checked again.
    const mediator = await deps.mediators.findById(id);
    if (!mediator || !DECISION_RULES[decision].from.includes(mediator.status)) {
      const screen = await renderCard(deps, actor, id, statusNotice(actor, mediator?.status ?? null));
      return showScreen(ctx, screen.text, screen.keyboard);
    }
    const task: PromptTask = { kind: decision, mediatorId: id };
    await ctx.conversation.enter(OPERATOR_PROMPT_CONVERSATION, task);
  });

  // "Reassign KL-…" on a suspended mediator's card: the case goes back to matching (checked again in the
  // domain: operator only, still an open case), the citizen is told, and the card is shown again.
  onOperatorAction(feature, deps.operators, "op-reassign", async (ctx, { requestId }) => {
    const actor = actorOf(ctx);
    if (!actor) return;
    const result = await deps.matchmaker.reassign(requestId, actor, deps.now());
    if (!result) return ctx.reply(ctx.t("operator:reassign.notOpen"), { parse_mode: "HTML" });
    const notice = ctx.t(result.outcome === "offered" ? "operator:reassign.done.offered" : "operator:reassign.done.unmatched", { code: result.released.requestCode });
    const screen = await renderCard(deps, actor, result.released.fromMediatorId, notice);
    await showScreen(ctx, screen.text, screen.keyboard);
  });

  return feature;
}
