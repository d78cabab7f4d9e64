// The one question the operator console asks in words: a reason (rejecting, suspending) or a Telegram id
// (adding an operator). A conversation (@grammyjs/conversations v2) so that the waiting lives in the
// database, not in memory: a restart while the question is open still takes the answer. The function is
// replayed on every update, so all reads, writes and notifications happen inside `conversation.external`.
import type { Conversation } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { checkReason, REASON_MAX_LENGTH } from "../../../domain/mediator-decisions.js";
import { parseTelegramId } from "../../../domain/operator-team.js";
import type { BotContext } from "../../context.js";
import { carryOutAddOperator, carryOutDecision, type Actor } from "../../helpers/operator-actions.js";
import type { OperatorConsoleDeps } from "../../helpers/operator-screens.js";
import { createBackKeyboard, createPromptKeyboard } from "../../keyboards/operator.js";
import { readPromptInput } from "./prompt-input.js";
import { rejectInput } from "../shared/reject-input.js";

export const OPERATOR_PROMPT_CONVERSATION = "operator-prompt";

export type PromptTask = { kind: "reject" | "suspend"; mediatorId: number } | { kind: "add-operator" };

/** An unanswered question stops capturing the operator's messages after this long. */
const PROMPT_WAIT_MS = 60 * 60 * 1000;
const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

/** Arguments come back from storage: trust only their shape. */
function parseTask(raw: unknown): PromptTask | null {
  const task = raw as Partial<{ kind: string; mediatorId: unknown }> | null;
  if (task?.kind === "add-operator") return { kind: "add-operator" };
  if ((task?.kind === "reject" || task?.kind === "suspend") && Number.isSafeInteger(task.mediatorId)) return { kind: task.kind, mediatorId: task.mediatorId as number };
  return null;
}

export function createOperatorPromptConversation(deps: OperatorConsoleDeps) {
  return async function operatorPrompt(conversation: Conversation<BotContext, Context>, ctx: Context, raw: unknown): Promise<void> {
    const task = parseTask(raw);
    if (!task) return;
    const who = await conversation.external((outer) => ({ locale: outer.locale }));
    const t = deps.i18n.t(who.locale);
    const name = task.kind === "add-operator" ? "" : await conversation.external(async () => (await deps.mediators.findById(task.mediatorId))?.fullName ?? null);
    const back = task.kind === "add-operator"
      ? createBackKeyboard(t, { type: "op-team" }, "operator:buttons.operators")
      : createBackKeyboard(t, { type: "op-card", id: task.mediatorId }, "operator:buttons.backToCard");
    if (name === null) {
      await ctx.reply(t("operator:card.notFound"), { ...HTML, reply_markup: back });
      return;
    }
    const question = task.kind === "reject" ? t("operator:prompt.reject", { name, max: REASON_MAX_LENGTH })
      : task.kind === "suspend" ? t("operator:prompt.suspend", { name, max: REASON_MAX_LENGTH })
      : t("operator:prompt.addOperator");
    const prompt = await ctx.reply(question, { ...HTML, reply_markup: createPromptKeyboard(t, { canSkip: task.kind === "suspend" }) });
    const dropButtons = (c: Context) => c.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id).catch(() => undefined);

    for (;;) {
      const current = await conversation.wait({ maxMilliseconds: PROMPT_WAIT_MS });
      const input = readPromptInput(current);
      if (input.type === "not-for-us") return await conversation.skip({ next: true });
      if (input.type === "elsewhere") {
        // Another command or button: the operator moved on; the question closes and that update is handled.
        await dropButtons(current);
        return await conversation.halt({ next: true });
      }
      if (current.callbackQuery) await current.answerCallbackQuery().catch(() => undefined);
      if (input.type === "cancel") {
        await dropButtons(current);
        await current.reply(t("operator:prompt.cancelled"), { ...HTML, reply_markup: back });
        return;
      }

      let answer: { reason: string | null } | { telegramId: string } | undefined;
      let hint: string | undefined;
      if (task.kind === "add-operator") {
        const id = input.type === "forwarded" ? input.telegramId : input.type === "text" ? parseTelegramId(input.text) : null;
        if (id !== null) answer = { telegramId: String(id) };
        else hint = t(input.type === "forward-hidden" ? "operator:prompt.hiddenForward" : "operator:prompt.invalidId");
      } else if (input.type === "skip" && task.kind === "suspend") {
        answer = { reason: null };
      } else if (input.type === "text") {
        const checked = checkReason(input.text);
        if (checked.ok) answer = { reason: checked.reason };
        else hint = checked.problem === "too-long" ? t("operator:prompt.tooLong", { length: [...input.text.trim()].length, max: REASON_MAX_LENGTH }) : t("operator:prompt.textOnly");
      } else {
        hint = t("operator:prompt.textOnly");
      }
      // Rejected input is answered and not recorded (shared/reject-input.ts).
      if (answer === undefined) return await rejectInput(conversation, () => current.reply(hint ?? t("operator:prompt.textOnly"), HTML));

      const chosen = answer;
      const shown = await conversation.external(async (outer): Promise<{ text: string; markup?: InlineKeyboardMarkup }> => {
        // Re-checked at the moment of acting: an operator removed while the question was open may not act.
        if (!outer.user || !outer.from || !(await deps.operators.isOperator(BigInt(outer.from.id)))) return { text: t("operator:notAllowed") };
        const actor: Actor = { t, locale: who.locale, telegramId: BigInt(outer.from.id), userId: outer.user.id };
        const screen = "telegramId" in chosen
          ? await carryOutAddOperator(outer.api, deps, actor, BigInt(chosen.telegramId))
          : await carryOutDecision(outer.api, deps, actor, (task as { mediatorId: number }).mediatorId, task.kind as "reject" | "suspend", chosen.reason);
        return { text: screen.text, markup: { inline_keyboard: screen.keyboard.inline_keyboard } };
      });
      await dropButtons(current);
      await current.reply(shown.text, { ...HTML, ...(shown.markup ? { reply_markup: shown.markup } : {}) });
      return;
    }
  };
}
