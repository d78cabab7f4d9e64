// "Ask a question" on an invitation: the person who opened the link types one question; it goes to the
// case's mediator, or to the operators while no mediator has the case yet. A conversation so that the
// waiting survives a restart; anything else (a button, a command) closes the question and is handled as usual.
// The code is checked again when the question is sent: a link revoked meanwhile forwards nothing, and each
// question is counted against the link's caps (in total and per local day) before it is forwarded.
import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard, type Context } from "grammy";
import type { Locale } from "../../../config.js";
import { QUESTION_MAX_LENGTH, type InvitationRepository } from "../../../domain/invitations.js";
import type { OperatorDirectory } from "../../../domain/operators.js";
import type { BotContext } from "../../context.js";
import type { I18n } from "../../i18n.js";
import { createInvitationAnswerKeyboard } from "../../keyboards/invitations.js";
import type { InvitationNotices } from "../../notifications/invitation-notices.js";
import { buttonData } from "../shared/conversation-input.js";
import { rejectInput } from "../shared/reject-input.js";

export const OTHER_PARTY_QUESTION_CONVERSATION = "other-party-question";

const HTML = { parse_mode: "HTML" as const };
const P = "oq";
const WAIT_MS = 60 * 60 * 1000;

export interface OtherPartyQuestionDeps {
  i18n: I18n;
  invitations: InvitationRepository;
  operators: OperatorDirectory;
  notices: InvitationNotices;
  now: () => Date;
}

export function createOtherPartyQuestionConversation(deps: OtherPartyQuestionDeps) {
  return async function otherPartyQuestion(conversation: Conversation<BotContext, Context>, ctx: Context, raw: unknown): Promise<void> {
    const code = typeof (raw as { code?: unknown } | null)?.code === "string" ? (raw as { code: string }).code : null;
    const who = await conversation.external((outer) => ({ locale: outer.locale as Locale, userId: outer.user?.id ?? null, firstName: outer.from?.first_name ?? "", telegramId: String(outer.from?.id ?? "") }));
    if (!code || who.userId === null) return;
    const userId = who.userId;
    const t = deps.i18n.t(who.locale);
    const prompt = await ctx.reply(t("invitations:question.ask", { max: QUESTION_MAX_LENGTH }), {
      ...HTML, reply_markup: new InlineKeyboard().text(t("invitations:buttons.cancelQuestion"), buttonData(P, "cancel")),
    });
    const dropButtons = (c: Context) => c.api.editMessageReplyMarkup(prompt.chat.id, prompt.message_id).catch(() => undefined);

    for (;;) {
      const current = await conversation.wait({ maxMilliseconds: WAIT_MS });
      const data = current.callbackQuery?.data;
      const text = current.message?.text?.trim();
      if ((data !== undefined && data !== buttonData(P, "cancel")) || text?.startsWith("/")) {
        await dropButtons(current);
        return await conversation.halt({ next: true });
      }
      if (data !== undefined) {
        await current.answerCallbackQuery().catch(() => undefined);
        await dropButtons(current);
        await current.reply(t("invitations:question.cancelled"), { ...HTML, reply_markup: createInvitationAnswerKeyboard(t, code) });
        return;
      }
      // Rejected input is answered and not recorded (shared/reject-input.ts).
      if (!text) return await rejectInput(conversation, () => current.reply(t("invitations:question.textOnly"), HTML));
      if ([...text].length > QUESTION_MAX_LENGTH) return await rejectInput(conversation, () => current.reply(t("invitations:question.tooLong", { max: QUESTION_MAX_LENGTH }), HTML));
      const sent = await conversation.external(async (outer) => {
        const now = deps.now();
        // Counted (within the link's caps) before anything is forwarded: a refused count forwards nothing.
        const counted = await deps.invitations.countQuestion(code, userId, now);
        if (counted !== "counted") return { to: counted };
        const opened = await deps.invitations.open(code, userId, now);
        if (!opened.ok) return { to: "invalid" as const };
        const target = await deps.invitations.questionTarget(opened.preview.requestId);
        const operators = target.mediator ? [] : await deps.operators.all();
        const to = await deps.notices.question(outer.api, target, operators, { telegramId: BigInt(who.telegramId), firstName: who.firstName }, text);
        return { to, canAsk: opened.preview.canAsk };
      });
      await dropButtons(current);
      if (sent.to === "invalid") {
        await current.reply(t("invitations:open.invalid"), HTML);
        return;
      }
      if (sent.to === "capped") {
        await current.reply(t("invitations:question.limit"), { ...HTML, reply_markup: createInvitationAnswerKeyboard(t, code, false) });
        return;
      }
      const thanks = t(sent.to === "mediator" ? "invitations:question.sentToMediator" : "invitations:question.sentToCentre");
      // The last question the link may send today (or at all): the Ask button is no longer offered.
      await current.reply(thanks, { ...HTML, reply_markup: createInvitationAnswerKeyboard(t, code, "canAsk" in sent && sent.canAsk === true) });
      return;
    }
  };
}
