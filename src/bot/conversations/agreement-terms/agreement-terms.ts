// The agreement's terms, asked of the mediator right after they record "agreement" or "partial agreement"
// (@grammyjs/conversations v2), one term at a time; what each answer means is decided by terms-state.ts.
// Done saves them (the repository re-checks who may) and sends them to the parties. Replayed on every update:
// messages go out through `conversation.external` returning only their id, so the replay log holds the
// person's updates and little else (its state is capped at 64 KB); rejected input is not recorded at all.
import type { Conversation } from "@grammyjs/conversations";
import { GrammyError, InlineKeyboard, type Context } from "grammy";
import type { AgreementRepository, SaveTermsRefusal } from "../../../domain/agreement-terms.js";
import type { Logger } from "../../../logger.js";
import { packAgreement } from "../../callback-data/agreement.js";
import type { BotContext } from "../../context.js";
import type { I18n, Translate } from "../../i18n.js";
import type { AgreementDelivery } from "../../notifications/agreement-delivery.js";
import { readConversationInput } from "../shared/conversation-input.js";
import { adoptTappedQuestion, rejectInput } from "../shared/reject-input.js";
import { termsScreen, TERMS_PREFIX, type ScreenContext } from "./terms-screens.js";
import { initialTermsState, step } from "./terms-state.js";

export const AGREEMENT_TERMS_CONVERSATION = "agreement-terms";

export interface AgreementTermsDeps {
  i18n: I18n;
  agreements: AgreementRepository;
  delivery: AgreementDelivery;
  logger: Logger;
  timeZone: string;
  now: () => Date;
}

const HTML = { parse_mode: "HTML" as const };
const VOCABULARY = { prefix: TERMS_PREFIX, backKey: "agreement:buttons.back", cancelKey: "agreement:buttons.cancel" };

/** The button that starts the terms again (on the outcome message and after Cancel). */
export function recordTermsKeyboard(t: Translate, appointmentId: number): InlineKeyboard {
  return new InlineKeyboard().text(t("agreement:buttons.record"), packAgreement({ type: "record", appointmentId }));
}

const REFUSALS: Record<SaveTermsRefusal, string> = {
  "not-found": "agreement:refused.notFound",
  "not-yours": "agreement:refused.notYours",
  "not-active": "agreement:refused.notActive",
  "wrong-outcome": "agreement:refused.wrongOutcome",
  "already-saved": "agreement:refused.alreadySaved",
  "no-terms": "agreement:refused.noTerms",
  "too-many": "agreement:refused.tooMany",
  invalid: "agreement:refused.invalid",
};

export function refusalText(t: Translate, reason: SaveTermsRefusal): string {
  return t(REFUSALS[reason]);
}

export function createAgreementTermsConversation(deps: AgreementTermsDeps) {
  return async function agreementTerms(conversation: Conversation<BotContext, Context>, ctx: Context, raw: unknown): Promise<void> {
    const appointmentId = Number((raw as { appointmentId?: unknown } | null)?.appointmentId);
    const who = await conversation.external((outer) => ({ locale: outer.locale, userId: outer.user?.id ?? null }));
    if (!Number.isSafeInteger(appointmentId) || who.userId === null) return;
    const userId = who.userId;
    const t = deps.i18n.t(who.locale);
    const chatId = ctx.chat!.id;
    const started = await conversation.external(() => deps.agreements.termsContext(appointmentId, userId));
    if (!started.ok) {
      await ctx.reply(refusalText(t, started.reason), HTML);
      return;
    }
    const { context } = started;
    const state = initialTermsState();
    const clock = async () => new Date(await conversation.external(() => deps.now().toISOString()));
    const screenContext = (now: Date): ScreenContext => ({ t, locale: who.locale, citizenName: context.citizenName, requestCode: context.requestCode, now, timeZone: deps.timeZone });
    /** Sends a message and records only its id. */
    const send = (text: string, keyboard?: InlineKeyboard) =>
      conversation.external(async (outer) => (await outer.api.sendMessage(chatId, text, { ...HTML, ...(keyboard ? { reply_markup: keyboard } : {}) })).message_id);
    const dropButtons = (messageId: number | undefined) =>
      messageId === undefined ? Promise.resolve() : conversation.external(async (outer) => void (await outer.api.editMessageReplyMarkup(chatId, messageId).catch(() => undefined)));

    let questionId: number | undefined;
    let edit = false;
    // The clock is read once a step (each read is a record in the replay log).
    let now = await clock();
    for (;;) {
      const screen = termsScreen(state, screenContext(now));
      if (edit && questionId !== undefined) {
        const id = questionId;
        await conversation.external(async (outer) => {
          await outer.api.editMessageText(chatId, id, screen.text, { ...HTML, reply_markup: screen.keyboard }).catch((error: unknown) => {
            if (!(error instanceof GrammyError && error.description.includes("not modified"))) throw error;
          });
        });
      } else {
        await dropButtons(questionId);
        questionId = await send(screen.text, screen.keyboard);
      }

      const current = await conversation.wait();
      const input = readConversationInput(current, t, VOCABULARY, questionId);
      if (current.callbackQuery) await current.answerCallbackQuery().catch(() => undefined);
      // Another feature's button, a command or /mydata: the mediator moved on; that update is handled as usual.
      if (input.type === "command" || input.type === "privacy" || (input.type === "stale" && !current.callbackQuery?.data?.startsWith(`${TERMS_PREFIX}:`))) {
        await dropButtons(questionId);
        await current.reply(t("agreement:left"), { ...HTML, reply_markup: recordTermsKeyboard(t, appointmentId) });
        return await conversation.halt({ next: true });
      }
      if (input.type === "tap" || input.type === "back") questionId = await adoptTappedQuestion(current, questionId);
      const tapped = input.type === "tap" || input.type === "back";
      now = await clock();
      const result = step(state, input, now, deps.timeZone);
      if (result.kind === "retry") {
        return await rejectInput(conversation, async () => {
          await current.reply(t(result.hint, result.values), HTML);
          const again = termsScreen(state, screenContext(now));
          await current.reply(again.text, { ...HTML, reply_markup: again.keyboard });
        });
      }
      if (result.kind === "cancel") {
        await dropButtons(questionId);
        await send(t("agreement:cancelled"), recordTermsKeyboard(t, appointmentId));
        return;
      }
      if (result.kind === "done") {
        // Saved in one checked write, then sent to the parties (each in their language, with the PDF).
        const outcome = await save();
        await dropButtons(questionId);
        if (outcome.ok) {
          const lines = [t("agreement:saved", { count: outcome.count, code: context.requestCode })];
          // A party who blocked the bot (or erased their data) did not get them: the mediator hands over paper.
          const everyone = outcome.recipients > 0 && outcome.delivered === outcome.recipients;
          lines.push(t(!everyone ? "agreement:notDelivered" : outcome.otherJoined ? "agreement:sentBoth" : "agreement:sentCitizen"));
          await send(lines.join("\n"));
          return;
        }
        // A date that went by meanwhile (the list was left open past midnight): back to the list to change it.
        if (outcome.reason === "invalid") {
          await send(refusalText(t, "invalid"));
          [edit, questionId] = [false, undefined];
          continue;
        }
        await send(outcome.reason ? refusalText(t, outcome.reason) : t("agreement:saveFailed"), outcome.reason === null ? recordTermsKeyboard(t, appointmentId) : undefined);
        return;
      }
      edit = tapped;
    }

    async function save() {
      const terms = state.terms;
      return await conversation.external(async (outer) => {
        try {
          const now = deps.now();
          const saved = await deps.agreements.saveTerms(appointmentId, userId, terms, now, deps.timeZone);
          if (!saved.ok) return { ok: false as const, reason: saved.reason };
          const delivered = await deps.delivery.deliver(outer.api, saved, now);
          return { ok: true as const, count: saved.terms.length, delivered, recipients: saved.recipients.length, otherJoined: saved.recipients.some((r) => r.recipient === "other_party") };
        } catch (error) {
          deps.logger.error({ appointmentId, err: (error as Error)?.message }, "saving agreement terms failed");
          return { ok: false as const, reason: null };
        }
      });
    }
  };
}
