import { Composer } from "grammy";
import { removable } from "../../domain/operator-team.js";
import type { BotContext } from "../context.js";
import { OPERATOR_PROMPT_CONVERSATION, type PromptTask } from "../conversations/operator-prompt/operator-prompt.js";
import { isOperator } from "../filters/is-operator.js";
import { actorOf, carryOutRemoveOperator, viewerOf } from "../helpers/operator-actions.js";
import { renderTeam, type OperatorConsoleDeps } from "../helpers/operator-screens.js";
import { onOperatorAction } from "../helpers/on-operator-action.js";
import { showScreen } from "../helpers/show-screen.js";
import { createRemoveConfirmKeyboard } from "../keyboards/operator.js";

/** /operators: who the operators are; adding one (asks for their id) and removing an added one (after a confirmation). */
export function createOperatorTeamFeature(deps: OperatorConsoleDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const show = async (ctx: BotContext, notice?: string) => {
    const screen = await renderTeam(deps, viewerOf(ctx), notice);
    await showScreen(ctx, screen.text, screen.keyboard);
  };

  feature.command("operators").filter(isOperator(deps.operators), (ctx) => show(ctx));
  onOperatorAction(feature, deps.operators, "op-team", (ctx) => show(ctx));

  onOperatorAction(feature, deps.operators, "op-team-add", async (ctx) => {
    const task: PromptTask = { kind: "add-operator" };
    await ctx.conversation.enter(OPERATOR_PROMPT_CONVERSATION, task);
  });

  onOperatorAction(feature, deps.operators, "op-team-remove-ask", async (ctx, { telegramId }) => {
    const viewer = viewerOf(ctx);
    const check = removable(deps, viewer.telegramId, telegramId);
    if (check !== "ok") return show(ctx, ctx.t(check === "self" ? "operator:team.cannotRemoveSelf" : "operator:team.cannotRemoveConfigured"));
    if (!(await deps.operatorRepository.isAdded(telegramId))) return show(ctx, ctx.t("operator:team.notOperator", { id: String(telegramId) }));
    const user = await deps.users.findByTelegramId(telegramId);
    const name = user && user.firstName !== "" ? user.firstName : String(telegramId);
    await showScreen(ctx, ctx.t("operator:team.confirmRemove", { name, id: String(telegramId) }), createRemoveConfirmKeyboard(ctx.t, telegramId));
  });

  onOperatorAction(feature, deps.operators, "op-team-remove", async (ctx, { telegramId }) => {
    const actor = actorOf(ctx);
    if (!actor) return;
    const screen = await carryOutRemoveOperator(ctx.api, deps, actor, telegramId);
    await showScreen(ctx, screen.text, screen.keyboard);
  });

  return feature;
}
