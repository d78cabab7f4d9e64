// The mediator proposes one to three times (@grammyjs/conversations v2): a date from the next 14 days,
// a time on it (only future ones, in the configured zone), more slots or on, the meeting mode, the place
// for an in-person meeting, then the citizen gets the times as buttons. Replayed on every update: state is
// in local variables; the clock, the database and the message to the citizen go through `conversation.external`.
import type { Conversation } from "@grammyjs/conversations";
import { GrammyError, InlineKeyboard, type Context } from "grammy";
import type { Locale } from "../../../config.js";
import { PLACE_MAX_LENGTH, type AppointmentRepository } from "../../../domain/appointments.js";
import { MODES, type SessionMode } from "../../../domain/request.js";
import { formatLocalDateTime, localToInstant, MAX_SLOTS, proposableDates, proposableTimes } from "../../../domain/scheduling.js";
import type { Logger } from "../../../logger.js";
import type { BotContext } from "../../context.js";
import type { I18n, Translate } from "../../i18n.js";
import type { AppointmentMessages } from "../../notifications/appointment-messages.js";
import { formatDayLabel } from "../../helpers/format-date.js";
import { buttonData } from "../shared/conversation-input.js";
import { newRow } from "../shared/keyboard-rows.js";
import { adoptTappedQuestion, isCurrentQuestion, rejectInput } from "../shared/reject-input.js";

export const PROPOSE_TIMES_CONVERSATION = "propose-times";

export interface ProposeTimesDeps {
  i18n: I18n;
  appointments: AppointmentRepository;
  messages: AppointmentMessages;
  logger: Logger;
  timeZone: string;
  now: () => Date;
}

type Stage = "date" | "time" | "more" | "mode" | "place";
const HTML = { parse_mode: "HTML" as const };
const P = "pt";

/** "Saturday 28 November" / "28 ноября, суббота" — a local calendar date as a button label (see formatDayLabel). */
export function dateLabel(date: string, locale: Locale): string {
  return formatDayLabel(date, locale);
}

export function createProposeTimesConversation(deps: ProposeTimesDeps) {
  return async function proposeTimes(conversation: Conversation<BotContext, Context>, ctx: Context, raw: unknown): Promise<void> {
    const requestId = Number((raw as { requestId?: unknown } | null)?.requestId);
    const who = await conversation.external((outer) => ({ locale: outer.locale, userId: outer.user?.id ?? null }));
    if (!Number.isSafeInteger(requestId) || who.userId === null) return;
    const userId = who.userId;
    const t = deps.i18n.t(who.locale);
    const request = await conversation.external(() => deps.appointments.proposalContext(requestId, userId));
    if (!request) {
      await ctx.reply(t("appointments:propose.notAllowed"), HTML);
      return;
    }
    const slots: string[] = [];
    let stage: Stage = "date";
    let date = "";
    let mode: SessionMode = request.mode;
    let questionId: number | undefined;
    let current = ctx;
    let edit = false;
    const clock = async () => new Date(await conversation.external(() => deps.now().toISOString()));
    const dropButtons = (c: Context) => (questionId === undefined ? Promise.resolve() : c.api.editMessageReplyMarkup(c.chat!.id, questionId).catch(() => undefined));

    for (;;) {
      const now = await clock();
      const screen = render(t, who.locale, { stage, date, slots, code: request.requestCode }, now, deps.timeZone);
      if (edit && questionId !== undefined) {
        await current.api.editMessageText(current.chat!.id, questionId, screen.text, { ...HTML, reply_markup: screen.keyboard })
          .catch((error: unknown) => { if (!(error instanceof GrammyError && error.description.includes("not modified"))) throw error; });
      } else {
        await dropButtons(current);
        questionId = (await current.reply(screen.text, { ...HTML, reply_markup: screen.keyboard })).message_id;
      }

      current = await conversation.wait();
      edit = false;
      const data = current.callbackQuery?.data;
      const text = current.message?.text?.trim();
      if (data !== undefined) {
        const [head, what, value] = data.split(":");
        // Another button (an offer, a menu): the mediator moved on; that update is handled as usual.
        if (head !== P) return void (await dropButtons(current), await conversation.halt({ next: true }));
        await current.answerCallbackQuery().catch(() => undefined);
        if (what === "cancel") break;
        // An old screen's button: the current screen again, and the tap is not recorded.
        if (!isCurrentQuestion(current.callbackQuery?.message?.message_id, questionId)) return await askAgain();
        questionId = await adoptTappedQuestion(current, questionId);
        edit = true;
        const later = await clock();
        if (stage === "date" && what === "d" && value && proposableDates(later, deps.timeZone).includes(value)) [date, stage] = [value, "time"];
        else if (stage === "time" && what === "back") stage = "date";
        else if (stage === "time" && what === "t" && value) {
          const time = `${value.slice(0, 2)}:${value.slice(2)}`;
          if (!proposableTimes(date, later, deps.timeZone).includes(time)) return await askAgain();
          const instant = localToInstant(date, time, deps.timeZone).toISOString();
          if (!slots.includes(instant)) slots.push(instant);
          slots.sort();
          stage = slots.length >= MAX_SLOTS ? "mode" : "more";
        } else if (stage === "more") stage = what === "add" ? "date" : "mode";
        else if (stage === "mode" && what === "m" && (MODES as readonly string[]).includes(value ?? "")) {
          mode = value as SessionMode;
          if (mode === "in_person") stage = "place";
          else if (await send(null)) return;
        } else return await askAgain();
        continue;
      }
      if (text !== undefined && /^\/cancel(@\w+)?$/i.test(text)) break;
      if (text?.startsWith("/")) return void (await dropButtons(current), await conversation.halt({ next: true }));
      if (stage === "place" && text) {
        if ([...text].length > PLACE_MAX_LENGTH) return await askAgain(t("appointments:propose.placeTooLong", { max: PLACE_MAX_LENGTH }));
        if (await send(text)) return;
        continue;
      }
      return await askAgain(t("appointments:propose.useButtons"));
    }
    await dropButtons(current);
    await current.reply(t("appointments:propose.cancelled"), HTML);

    /** Input this screen does not take: a hint, the screen again, and the update is not recorded. */
    async function askAgain(hint?: string): Promise<never> {
      return await rejectInput(conversation, async () => {
        if (hint) await current.reply(hint, HTML);
        const screen = render(t, who.locale, { stage, date, slots, code: request!.requestCode }, await clock(), deps.timeZone);
        await current.reply(screen.text, { ...HTML, reply_markup: screen.keyboard });
      });
    }

    /** Saves the round and sends it to the citizen; false (and back to the dates) when a time went by meanwhile. */
    async function send(place: string | null): Promise<boolean> {
      const chosenMode = mode;
      const result = await conversation.external(async (outer) => {
        const saved = await deps.appointments.propose(requestId, userId, slots.map((s) => new Date(s)), chosenMode, place, deps.now());
        if (!saved.ok) return { ok: false as const, reason: saved.reason };
        await deps.messages.proposal(outer.api, saved.appointment);
        return { ok: true as const };
      });
      await dropButtons(current);
      if (result.ok) {
        await current.reply([t("appointments:propose.sent"), ...slotLines(slots, who.locale, deps.timeZone)].join("\n"), HTML);
        return true;
      }
      if (result.reason !== "bad-slots") {
        await current.reply(t("appointments:propose.notAllowed"), HTML);
        return true;
      }
      const now = await clock();
      slots.splice(0, slots.length, ...slots.filter((s) => new Date(s).getTime() > now.getTime()));
      await current.reply(t("appointments:propose.timePassed"), HTML);
      [stage, edit, questionId] = ["date", false, undefined];
      return false;
    }
  };
}

const slotLines = (slots: string[], locale: Locale, timeZone: string) => slots.map((s) => `• ${formatLocalDateTime(new Date(s), locale, timeZone)}`);

function render(t: Translate, locale: Locale, s: { stage: Stage; date: string; slots: string[]; code: string }, now: Date, timeZone: string) {
  const keyboard = new InlineKeyboard();
  const chosen = s.slots.length ? ["", t("appointments:propose.chosen"), ...slotLines(s.slots, locale, timeZone)] : [];
  let text: string;
  if (s.stage === "date") {
    text = t("appointments:propose.chooseDate", { code: s.code, n: s.slots.length + 1, max: MAX_SLOTS });
    const dates = proposableDates(now, timeZone).filter((d) => proposableTimes(d, now, timeZone).length > 0);
    dates.forEach((d, i) => {
      keyboard.text(dateLabel(d, locale), buttonData(P, "d", d));
      if (i % 2 === 1) keyboard.row(); // two per row: the weekday and month are written out in full
    });
  } else if (s.stage === "time") {
    text = t("appointments:propose.chooseTime", { date: dateLabel(s.date, locale) });
    proposableTimes(s.date, now, timeZone).forEach((time, i) => {
      keyboard.text(time, buttonData(P, "t", time.replace(":", "")));
      if (i % 5 === 4) keyboard.row();
    });
    newRow(keyboard).text(t("appointments:propose.back"), buttonData(P, "back"));
  } else if (s.stage === "more") {
    text = t("appointments:propose.more", { max: MAX_SLOTS });
    keyboard.text(t("appointments:propose.addMore"), buttonData(P, "add")).text(t("appointments:propose.next"), buttonData(P, "next"));
  } else if (s.stage === "mode") {
    text = t("appointments:propose.chooseMode");
    for (const m of MODES) keyboard.text(t(`requests:labels.mode.${m}`), buttonData(P, "m", m));
  } else {
    text = t("appointments:propose.askPlace", { max: PLACE_MAX_LENGTH });
  }
  newRow(keyboard).text(t("appointments:propose.cancel"), buttonData(P, "cancel"));
  return { text: [text, ...chosen].join("\n"), keyboard };
}
