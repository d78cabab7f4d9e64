// Taps on the follow-up of agreement terms: an answer to "Was this done?" (tc:…) and "Back to the same
// mediator" (fu:…). Every tap is checked in the write (term-check-repository): the tapper's own question, sent
// and not answered yet; a follow-up only for a party who answered "not done" or "partly". A refused tap gets a
// localized answer and changes nothing.
import { Composer, type Api } from "grammy";
import type { Matchmaker } from "../../domain/matchmaker.js";
import { FOLLOW_UP_ANSWERS, type TermCheckRepository } from "../../domain/term-checks.js";
import type { Logger } from "../../logger.js";
import { parseTermCheck, type TermCheckAction } from "../callback-data/term-check.js";
import type { BotContext } from "../context.js";
import type { TermCheckMessages } from "../notifications/term-check-sender.js";
import { formatLocalDate } from "../notifications/term-check-sender.js";
import { localDate } from "../../domain/scheduling.js";

export interface TermChecksFeatureDeps {
  termChecks: TermCheckRepository;
  matchmaker: Pick<Matchmaker, "offerFollowUp">;
  messages: TermCheckMessages;
  /** Where the mediator's notice goes (the notifications Api; the tapper's own ctx.api works too). */
  api?: Api;
  logger: Logger;
  now: () => Date;
  recheckDays: number;
  timeZone: string;
}

const HTML = { parse_mode: "HTML" as const };

export function createTermChecksFeature(deps: TermChecksFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseTermCheck(ctx.callbackQuery.data);
    if (!action) return next();
    if (!ctx.user) return ctx.answerCallbackQuery();
    return action.type === "answer" ? handleAnswer(ctx, action) : handleFollowUp(ctx, action);
  });

  async function handleAnswer(ctx: BotContext, action: Extract<TermCheckAction, { type: "answer" }>) {
    const now = deps.now();
    const result = await deps.termChecks.answer(action.checkId, ctx.user!.id, action.answer, now, deps.recheckDays);
    if (!result.ok) {
      const key = { "not-found": "followup:refused.notFound", already: "followup:refused.already", "not-asked": "followup:refused.notAsked" }[result.reason];
      await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
      // The buttons of an answered question go; a forged or foreign id leaves the message as it is.
      if (result.reason !== "not-found") await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    const { notice, nextDueAt } = result;
    const lines = [ctx.t("followup:answered.recorded", { answer: deps.messages.answerLabel(ctx.locale, notice.answer) })];
    if (notice.answer === "not_yet") {
      lines.push(nextDueAt ? ctx.t("followup:answered.again", { date: formatLocalDate(localDate(nextDueAt, deps.timeZone), ctx.locale) }) : ctx.t("followup:answered.noMore"));
    }
    const followUp = FOLLOW_UP_ANSWERS.includes(notice.answer);
    if (followUp) {
      // The mediator learns which term, which party and the answer; a failure to reach them does not undo the answer.
      const told = await deps.messages.notifyMediator(deps.api ?? ctx.api, notice).catch((error: unknown) => {
        deps.logger.warn({ requestId: notice.requestId, err: (error as Error)?.message }, "could not tell the mediator about a term answer");
        return false;
      });
      if (told) lines.push(ctx.t("followup:answered.mediatorTold"));
    }
    await ctx.reply(lines.join("\n"), HTML);
    if (followUp) {
      const options = deps.messages.options(ctx.locale, notice.requestId, notice.requestCode);
      await ctx.reply(options.text, { ...HTML, reply_markup: options.keyboard });
    }
  }

  async function handleFollowUp(ctx: BotContext, action: Extract<TermCheckAction, { type: "follow-up" }>) {
    const now = deps.now();
    const result = await deps.termChecks.openFollowUpCase(action.requestId, ctx.user!.id, now);
    if (!result.ok) {
      const key = { "not-found": "followup:followUp.refused.notFound", "no-reason": "followup:followUp.refused.noReason" }[result.reason];
      await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (!result.created) {
      await ctx.reply(ctx.t("followup:followUp.already", { code: result.code }), HTML);
      return;
    }
    await ctx.reply(ctx.t("followup:followUp.opened", { code: result.code, first: result.firstCode }), HTML);
    // The same mediator first; if they cannot take it (or decline, or let it expire), normal matching goes on.
    await deps.matchmaker.offerFollowUp(result.requestId, result.firstMediatorId, now).catch((error: unknown) => {
      deps.logger.error({ requestId: result.requestId, err: (error as Error)?.message }, "offering a follow-up case failed");
    });
  }

  return feature;
}
