// The mediator application conversation (@grammyjs/conversations v2). The function is replayed on every
// update, so it keeps its state in local variables and does every side effect (reading the outer context,
// the clock, saving, notifying operators) through `conversation.external` / `conversation.now`. What each
// answer means is decided by the pure `answer()`; this file only talks to Telegram.
import type { Conversation } from "@grammyjs/conversations";
import { DomainError } from "../../../domain/domain-error.js";
import { GrammyError, type Context } from "grammy";
import type { Locale } from "../../../config.js";
import { draftFromApplication, toApplication } from "../../../domain/mediator-application.js";
import type { MediatorRepository } from "../../../domain/mediator.js";
import type { OperatorDirectory } from "../../../domain/operators.js";
import type { RegionDirectory } from "../../../domain/region-directory.js";
import type { UserRepository } from "../../../domain/user.js";
import type { Logger } from "../../../logger.js";
import type { BotContext } from "../../context.js";
import type { I18n } from "../../i18n.js";
import { createMainMenuKeyboard } from "../../keyboards/main-menu.js";
import { createApplicationSentKeyboard } from "../../keyboards/mediator-workspace.js";
import { answer } from "./application-answers.js";
import { readInput } from "./application-input.js";
import { question, type QuestionContext } from "./application-questions.js";
import { initialState } from "./application-state.js";
import { notifyOperators } from "./notify-operators.js";
import { adoptTappedQuestion, rejectInput } from "../shared/reject-input.js";

export const MEDIATOR_APPLICATION_CONVERSATION = "mediator-application";

export interface MediatorApplicationDeps {
  i18n: I18n;
  regions: RegionDirectory;
  mediators: MediatorRepository;
  users: UserRepository;
  operators: OperatorDirectory;
  logger: Logger;
  /** Language of operators the bot has never seen choose one. */
  defaultLocale: Locale;
}

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

export function createMediatorApplicationConversation(deps: MediatorApplicationDeps) {
  return async function mediatorApplication(conversation: Conversation<BotContext, Context>, ctx: Context): Promise<void> {
    const who = await conversation.external(async (outer) => {
      const userId = outer.user?.id ?? null;
      const profile = userId === null ? null : await deps.mediators.findByUserId(userId);
      return { locale: outer.locale, userId, existing: profile ? draftFromApplication(profile) : null, status: profile?.status ?? null };
    });
    if (who.userId === null) return;
    const userId = who.userId;
    const t = deps.i18n.t(who.locale);
    // A suspended mediator cannot send the profile back for review by editing it: the centre decides.
    if (who.status === "suspended") {
      await ctx.reply(t("mediator:profile.suspendedNoEdit"), { ...HTML, reply_markup: createMainMenuKeyboard(t) });
      return;
    }
    const q: QuestionContext = { t, locale: who.locale, regions: deps.regions };
    const state = initialState(who.existing ?? undefined);

    let current = ctx;
    let questionId: number | undefined;
    let replyKeyboardShown = false;
    let lead: { text: string; removeReplyKeyboard: boolean } | undefined;
    let editInPlace = false;

    for (;;) {
      // Ask (or re-ask) the current question.
      const shown = question(state, q);
      if (lead) {
        await current.reply(lead.text, { ...HTML, ...(lead.removeReplyKeyboard && replyKeyboardShown ? { reply_markup: { remove_keyboard: true as const } } : {}) });
        if (lead.removeReplyKeyboard) replyKeyboardShown = false;
        editInPlace = false;
      }
      lead = undefined;
      if (editInPlace && questionId !== undefined && !shown.reply) {
        try {
          await current.api.editMessageText(current.chat!.id, questionId, shown.text, { ...HTML, reply_markup: shown.inline });
        } catch (error) {
          if (!(error instanceof GrammyError && error.description.includes("not modified"))) throw error;
        }
      } else {
        // The previous question's buttons would only invite stale taps: take them away.
        if (questionId !== undefined) await current.api.editMessageReplyMarkup(current.chat!.id, questionId).catch(() => undefined);
        const sent = await current.reply(shown.text, { ...HTML, reply_markup: shown.reply ?? shown.inline });
        if (shown.reply) replyKeyboardShown = true;
        questionId = shown.inline ? sent.message_id : undefined;
      }

      // Wait for the person, and decide.
      current = await conversation.wait();
      const input = readInput(current, t, questionId);
      if (current.callbackQuery) await current.answerCallbackQuery().catch(() => undefined);
      if (input.type === "tap" || input.type === "back") questionId = await adoptTappedQuestion(current, questionId);
      const outcome = answer(state, input, q);
      const tappedQuestion = input.type === "tap" || input.type === "back";

      switch (outcome.kind) {
        case "handover":
          if (replyKeyboardShown) await current.reply(t("mediator:cancelled"), { reply_markup: { remove_keyboard: true } });
          await conversation.halt({ next: true });
          return;
        case "cancelled":
          await current.reply(t(state.editingProfile ? "mediator:cancelledEdit" : "mediator:cancelled"), {
            ...HTML, ...(replyKeyboardShown ? { reply_markup: { remove_keyboard: true as const } } : {}),
          });
          if (questionId !== undefined) await current.api.editMessageReplyMarkup(current.chat!.id, questionId).catch(() => undefined);
          await current.reply(t("menu.title"), { ...HTML, reply_markup: createMainMenuKeyboard(t) });
          return;
        case "retry":
          // The hint and the same question again; the rejected update leaves no trace in the replay log.
          return await rejectInput(conversation, async () => {
            await current.reply(outcome.hint, HTML);
            await current.reply(shown.text, { ...HTML, reply_markup: shown.reply ?? shown.inline });
          });
        case "redraw":
          editInPlace = tappedQuestion;
          break;
        case "moved":
          if (outcome.note || (outcome.removeReplyKeyboard && replyKeyboardShown)) {
            lead = { text: outcome.note ?? "✔️", removeReplyKeyboard: outcome.removeReplyKeyboard ?? false };
          }
          editInPlace = tappedQuestion && !lead;
          break;
        case "submit": {
          const application = toApplication(state.draft);
          if (!application) {
            lead = { text: t("mediator:hints.useButtons"), removeReplyKeyboard: false };
            break;
          }
          const now = new Date(await conversation.now());
          const saved = await conversation.external(async () => {
            try {
              return { id: (await deps.mediators.apply(userId, application, now)).id };
            } catch (error) {
              // Suspended while the form was open: the write refused, nothing changed (no operator notice).
              if (error instanceof DomainError && error.code === "PROFILE_SUSPENDED") return { refused: true as const };
              deps.logger.error({ err: (error as Error).message }, "saving a mediator application failed");
              return null;
            }
          });
          if (!saved) {
            lead = { text: t("mediator:summary.saveFailed"), removeReplyKeyboard: false };
            break;
          }
          if ("refused" in saved) {
            await current.api.editMessageReplyMarkup(current.chat!.id, questionId!).catch(() => undefined);
            await current.reply(t("mediator:summary.suspendedRefused"), { ...HTML, reply_markup: createMainMenuKeyboard(t) });
            return;
          }
          const notice = { fullName: application.fullName, kind: application.kind, rayons: application.rayonCodes.length, updated: state.editingProfile };
          await conversation.external((outer) => notifyOperators(outer.api, deps, notice));
          await current.api.editMessageReplyMarkup(current.chat!.id, questionId!).catch(() => undefined);
          await current.reply(t(state.editingProfile ? "mediator:resubmitted" : "mediator:submitted"), { ...HTML, reply_markup: createApplicationSentKeyboard(t) });
          return;
        }
      }
    }
  };
}
