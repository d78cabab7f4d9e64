// The intake conversation (@grammyjs/conversations v2). The function is replayed on every update, so it
// keeps its state in local variables and does every side effect (reading the outer context, the clock,
// saving) through `conversation.external` / `conversation.now`. What each answer means is decided by the
// pure `answer()`; this file only talks to Telegram.
import type { Conversation } from "@grammyjs/conversations";
import { GrammyError, type Context } from "grammy";
import { isComplete } from "../../../domain/intake.js";
import type { RequestRepository } from "../../../domain/request.js";
import type { Matchmaker } from "../../../domain/matchmaker.js";
import type { RegionDirectory } from "../../../domain/region-directory.js";
import type { Logger } from "../../../logger.js";
import type { BotContext } from "../../context.js";
import type { I18n } from "../../i18n.js";
import { createMainMenuKeyboard } from "../../keyboards/main-menu.js";
import { withInviteButton } from "../../keyboards/invitations.js";
import { answer } from "./intake-answers.js";
import { readInput } from "./intake-input.js";
import { question, type QuestionContext } from "./intake-questions.js";
import { initialState } from "./intake-state.js";
import type { AssistedRequestRepository, FilerRole } from "../../../domain/assisted-intake.js";
import type { PosterRepository } from "../../../domain/poster.js";
import { assistedSubmittedMessages } from "./assisted-texts.js";
import { adoptTappedQuestion, rejectInput } from "../shared/reject-input.js";

export const INTAKE_CONVERSATION = "intake";

export interface IntakeDeps {
  i18n: I18n;
  regions: RegionDirectory;
  requests: RequestRepository;
  matchmaker: Matchmaker;
  logger: Logger;
  offerTtlHours: number;
  now: () => Date;
  /** Requests filed for someone else (assisted intake), and who may file them. */
  assisted: AssistedRequestRepository;
  filerRole: (person: { userId: number; telegramId: bigint }) => Promise<FilerRole | null>;
  /** The rayon of the poster a person came through, offered at the place step. */
  posters: PosterRepository;
}

/** Entered with `{ assisted: true }` (src/bot/features/assisted-intake.ts): filing for another person. */
export interface IntakeOptions {
  assisted?: boolean;
}

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

export function createIntakeConversation(deps: IntakeDeps) {
  return async function intake(conversation: Conversation<BotContext, Context>, ctx: Context, options: IntakeOptions = {}): Promise<void> {
    const assisted = options.assisted === true;
    const who = await conversation.external(async (outer) => ({
      locale: outer.locale, citizenId: outer.user?.id ?? null, telegramName: outer.from?.first_name ?? "",
      // A poster's rayon is the person's own; a filer's would be wrong for the person they file for.
      preferredRayon: outer.user && !assisted ? await deps.posters.preferredRayon(outer.user.id) : null,
    }));
    if (who.citizenId === null) return;
    const t = deps.i18n.t(who.locale);
    const filer = { userId: who.citizenId, telegramId: BigInt(ctx.from?.id ?? 0) };
    // Re-checked here and again on submit: the entry button may be old, or the filer's role may end meanwhile.
    if (assisted && (await conversation.external(() => deps.filerRole(filer))) === null) {
      await ctx.reply(t("assisted:notAllowed"));
      return;
    }
    const q: QuestionContext = { t, locale: who.locale, regions: deps.regions, telegramName: assisted ? "" : who.telegramName, assisted };
    const state = initialState(who.preferredRayon && deps.regions.rayon(who.preferredRayon) ? who.preferredRayon : undefined);

    let current = ctx;
    let questionId: number | undefined;
    let replyKeyboardShown = false;
    let lead: { text: string; removeReplyKeyboard: boolean } | undefined;
    let editInPlace = false;
    let redrawText: string | undefined;

    for (;;) {
      // Ask (or re-ask) the current question.
      const shown = question(state, q);
      const text = redrawText ?? shown.text;
      redrawText = undefined;
      if (lead) {
        await current.reply(lead.text, { ...HTML, ...(lead.removeReplyKeyboard && replyKeyboardShown ? { reply_markup: { remove_keyboard: true as const } } : {}) });
        if (lead.removeReplyKeyboard) replyKeyboardShown = false;
        editInPlace = false;
      }
      lead = undefined;
      if (shown.replyIntro && !replyKeyboardShown) {
        await current.reply(shown.replyIntro.text, { ...HTML, reply_markup: shown.replyIntro.keyboard });
        replyKeyboardShown = true;
        editInPlace = false;
      }
      if (editInPlace && questionId !== undefined && !shown.reply) {
        try {
          await current.api.editMessageText(current.chat!.id, questionId, text, { ...HTML, reply_markup: shown.inline });
        } catch (error) {
          if (!(error instanceof GrammyError && error.description.includes("not modified"))) throw error;
        }
      } else {
        // The previous question's buttons would only invite stale taps: take them away.
        if (questionId !== undefined) await current.api.editMessageReplyMarkup(current.chat!.id, questionId).catch(() => undefined);
        const sent = await current.reply(text, { ...HTML, reply_markup: shown.reply ?? shown.inline });
        if (shown.reply) replyKeyboardShown = true;
        questionId = shown.inline ? sent.message_id : undefined;
      }

      // Wait for the person, and decide.
      current = await conversation.wait();
      const input = readInput(current, t, questionId);
      if (current.callbackQuery) await current.answerCallbackQuery().catch(() => undefined);
      if (input.type === "tap" || input.type === "back") questionId = await adoptTappedQuestion(current, questionId);
      // The app's clock (tests and the playground move it), read once and replayed.
      const nowIso = await conversation.external(() => deps.now().toISOString());
      const outcome = answer(state, input, q, nowIso);
      const tappedQuestion = input.type === "tap" || input.type === "back";

      switch (outcome.kind) {
        case "handover":
          if (replyKeyboardShown) await current.reply(t("intake:cancelled"), { reply_markup: { remove_keyboard: true } });
          await conversation.halt({ next: true });
          return;
        case "cancelled":
        case "declined":
          await finish(current, t(outcome.kind === "cancelled" ? "intake:cancelled" : assisted ? "assisted:consent.declined" : "intake:consent.declined"), replyKeyboardShown);
          await current.reply(t("menu.title"), { ...HTML, reply_markup: createMainMenuKeyboard(t) });
          return;
        case "retry":
          // The hint and the same question again; the rejected update leaves no trace in the replay log.
          return await rejectInput(conversation, async () => {
            await current.reply(outcome.hint, HTML);
            await current.reply(shown.text, { ...HTML, reply_markup: shown.reply ?? shown.inline });
          });
        case "redraw":
          redrawText = outcome.text;
          editInPlace = tappedQuestion;
          break;
        case "moved":
          if (outcome.note || (outcome.removeReplyKeyboard && replyKeyboardShown)) {
            lead = { text: outcome.note ?? "✔️", removeReplyKeyboard: outcome.removeReplyKeyboard ?? false };
          }
          editInPlace = tappedQuestion && !lead;
          break;
        case "submit": {
          if (!isComplete(state.draft)) {
            lead = { text: t("intake:hints.useButtons"), removeReplyKeyboard: false };
            break;
          }
          const draft = state.draft;
          const saved = await conversation.external(async (): Promise<{ id: number; code: string; claimCode?: string } | null | "refused"> => {
            try {
              if (assisted) {
                const role = await deps.filerRole(filer);
                return role === null ? "refused" : await deps.assisted.submitAssisted({ filerId: who.citizenId!, role, draft, now: new Date(nowIso) });
              }
              return await deps.requests.submit(who.citizenId!, draft, new Date(nowIso));
            } catch (error) {
              deps.logger.error({ err: (error as Error).message }, "saving a request failed");
              return null;
            }
          });
          if (saved === "refused") {
            await finish(current, t("assisted:notAllowed"), replyKeyboardShown);
            return;
          }
          if (!saved) {
            lead = { text: t("intake:summary.saveFailed"), removeReplyKeyboard: false };
            break;
          }
          await current.api.editMessageReplyMarkup(current.chat!.id, questionId!).catch(() => undefined);
          if (saved.claimCode) {
            // Filed for someone: the claim code and a note to give the person.
            const [forFiler, forPerson] = assistedSubmittedMessages(t, { code: saved.code, claimCode: saved.claimCode, botUsername: current.me.username, hours: deps.offerTtlHours });
            await current.reply(forFiler, HTML);
            await current.reply(forPerson, { ...HTML, reply_markup: createMainMenuKeyboard(t) });
          } else {
            await current.reply(t("intake:submitted", { code: saved.code, hours: deps.offerTtlHours }), { ...HTML, reply_markup: withInviteButton(t, saved.id, createMainMenuKeyboard(t)) });
          }
          // Matching starts right away; its messages (an offer to a mediator, or "nobody nearby") follow.
          await conversation.external(async () => {
            await deps.matchmaker.offerNext(saved.id, new Date(nowIso)).catch((error: unknown) => deps.logger.error({ err: (error as Error).message }, "matching after submit failed"));
          });
          return;
        }
      }
    }
  };
}

/** Ends the intake: takes away any reply keyboard and says what happened. */
async function finish(ctx: Context, text: string, replyKeyboardShown: boolean): Promise<void> {
  await ctx.reply(text, { ...HTML, ...(replyKeyboardShown ? { reply_markup: { remove_keyboard: true as const } } : {}) });
}
