// Messages about appointments, each written in its recipient's language and sent to their chat: the
// proposal to the citizen, the confirmation (with an .ics file) to both, changes to the other side,
// reminders and the follow-up questions. Shared by the handlers, the propose conversation and the reminder sender.
import { InlineKeyboard, InputFile, type Api } from "grammy";
import type { Locale } from "../../config.js";
import { CANCEL_REASONS, OUTCOMES, RATINGS, type AppointmentParty, type AppointmentView, type Side } from "../../domain/appointments.js";
import { isLocale } from "../../domain/locale.js";
import { buildIcs, formatLocalDateTime } from "../../domain/scheduling.js";
import { packAppointment } from "../callback-data/appointment.js";
import { contractButton } from "../keyboards/case-documents.js";
import { escapeHtml } from "../helpers/escape-html.js";
import type { I18n, Translate } from "../i18n.js";

export interface AppointmentMessagesDeps {
  i18n: I18n;
  defaultLocale: Locale;
  timeZone: string;
}

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

export type AppointmentMessages = ReturnType<typeof createAppointmentMessages>;

/** Who a message about an appointment is for: its two sides, or the invited other party. */
type Recipient = Side | "other_party";

export function createAppointmentMessages(deps: AppointmentMessagesDeps) {
  const localeOf = (party: { locale: string | null }): Locale => (isLocale(party.locale) ? party.locale : deps.defaultLocale);
  const when = (instant: Date, locale: Locale) => formatLocalDateTime(instant, locale, deps.timeZone);
  const partyOf = (view: AppointmentView, side: Side): AppointmentParty => (side === "citizen" ? view.citizen : view.mediator);
  const proposeKeyboard = (t: Translate, requestId: number) => new InlineKeyboard().text(t("appointments:proposeButton"), packAppointment({ type: "propose", requestId }));
  const changeKeyboard = (t: Translate, id: number) => new InlineKeyboard()
    .text(t("appointments:buttons.reschedule"), packAppointment({ type: "reschedule", appointmentId: id }))
    .text(t("appointments:buttons.cancel"), packAppointment({ type: "cancel", appointmentId: id }));

  /** Mode and place (and the time, once there is one) as "<b>Label:</b> value" lines. */
  function details(view: AppointmentView, side: Side, t: Translate, locale: Locale): string[] {
    const line = (label: string, value: string) => `<b>${t(`appointments:fields.${label}`)}:</b> ${value}`;
    return [
      ...(view.startsAt ? [line("when", when(view.startsAt, locale))] : []),
      line("mode", t(`requests:labels.mode.${view.mode}`)),
      ...(view.mode === "in_person" && view.place ? [line("place", escapeHtml(view.place))] : []),
      side === "citizen"
        ? line("mediator", `${escapeHtml(view.mediator.fullName)}, ${escapeHtml(view.mediator.phone)}`)
        : line("citizen", `${escapeHtml(view.citizen.name ?? "—")}, ${escapeHtml(view.citizen.phone ?? "—")}`),
    ];
  }

  async function sendTo(api: Api, party: AppointmentParty, build: (t: Translate, locale: Locale) => { text: string; keyboard?: InlineKeyboard }) {
    const locale = localeOf(party);
    const { text, keyboard } = build(deps.i18n.t(locale), locale);
    return api.sendMessage(Number(party.telegramId), text, { ...HTML, ...(keyboard ? { reply_markup: keyboard } : {}) });
  }

  return {
    localeOf,
    when,
    details,

    /** The citizen gets the round's times as buttons, in their own language, and "ask for other times". */
    proposal(api: Api, view: AppointmentView) {
      return sendTo(api, view.citizen, (t, locale) => {
        const keyboard = new InlineKeyboard();
        view.slots.forEach((slot, index) => keyboard.text(when(slot, locale), packAppointment({ type: "pick", appointmentId: view.id, round: view.round, slot: index })).row());
        keyboard.text(t("appointments:proposal.otherTimes"), packAppointment({ type: "other-times", appointmentId: view.id, round: view.round }));
        return { text: [t("appointments:proposal.title", { code: view.requestCode }), "", ...details(view, "citizen", t, locale), "", t("appointments:proposal.choose")].join("\n"), keyboard };
      });
    },

    /** Both sides (and the other party, once they agreed): the agreed time in their language, Reschedule / Cancel, and a calendar file. */
    async confirmed(api: Api, view: AppointmentView, now: Date, only?: "other_party") {
      const recipients: Array<[AppointmentParty, Recipient]> = only ? [] : [[view.citizen, "citizen"], [view.mediator, "mediator"]];
      if (view.otherParty) recipients.push([view.otherParty, "other_party"]);
      for (const [party, side] of recipients) {
        // The other party having blocked the bot must not cost the two sides their confirmation (they come first).
        if (side === "other_party") await sendConfirmation(party, side).catch(() => undefined);
        else await sendConfirmation(party, side);
      }

      async function sendConfirmation(party: AppointmentParty, side: Recipient) {
        const locale = localeOf(party);
        const t = deps.i18n.t(locale);
        // The other party sees the mediator's contact (as the citizen does) and cannot move the meeting themselves.
        await sendTo(api, party, () => ({
          text: [t("appointments:confirmed.title", { code: view.requestCode }), "", ...details(view, side === "mediator" ? "mediator" : "citizen", t, locale), "", t("appointments:confirmed.calendar"), ...(side === "other_party" ? [t("invitations:meeting.changeHint")] : [])].join("\n"),
          // Everyone at the meeting can print the mediation contract draft (src/bot/features/case-documents.ts).
          keyboard: side === "other_party" ? new InlineKeyboard([[contractButton(t, view.requestId)]]) : changeKeyboard(t, view.id).row().add(contractButton(t, view.requestId)),
        }));
        const raw = { interpolation: { escapeValue: false } };
        const ics = buildIcs({
          uid: `appointment-${view.id}-${view.round}@kelisim`, start: view.startsAt!, durationMinutes: view.durationMinutes, now,
          summary: t("appointments:ics.summary", { code: view.requestCode, ...raw }),
          location: view.mode === "in_person" ? view.place : t(`requests:labels.mode.${view.mode}`),
          description: t("appointments:ics.description", { name: view.mediator.fullName, phone: view.mediator.phone, ...raw }),
        });
        await api.sendDocument(Number(party.telegramId), new InputFile(Buffer.from(ics, "utf8"), `kelisim-${view.requestCode}.ics`));
      }
    },

    /** The mediator learns the citizen wants other times, with the button to propose them. */
    otherTimes(api: Api, view: AppointmentView) {
      return sendTo(api, view.mediator, (t) => ({ text: t("appointments:otherTimes.mediator", { code: view.requestCode }), keyboard: proposeKeyboard(t, view.requestId) }));
    },

    /** The other side learns of a reschedule or a cancellation (the mediator gets the propose button); so does an invited other party. */
    async changed(api: Api, view: AppointmentView, by: Side, change: { kind: "rescheduled" } | { kind: "cancelled"; reason: string }, previousStart: Date | null) {
      const other: Side = by === "citizen" ? "mediator" : "citizen";
      if (view.otherParty && previousStart) {
        // Best effort: the other party having blocked the bot must not keep the news from the other side.
        await sendTo(api, view.otherParty, (t, locale) => ({ text: t(`invitations:meeting.${change.kind}`, { code: view.requestCode, when: when(previousStart, locale) }) })).catch(() => undefined);
      }
      return sendTo(api, partyOf(view, other), (t, locale) => {
        const text = t(`appointments:${change.kind}.other.${other}`, {
          code: view.requestCode, when: previousStart ? when(previousStart, locale) : "—",
          // A reason from the buttons is stored as its code and shown in the reader's language.
          reason: change.kind !== "cancelled" ? "" : (CANCEL_REASONS as readonly string[]).includes(change.reason) ? t(`appointments:cancel.reasons.${change.reason}`) : change.reason,
        });
        return { text, keyboard: other === "mediator" ? proposeKeyboard(t, view.requestId) : undefined };
      });
    },

    /** 24 h and 2 h before: time, place, and "I'll be there" / "I need to reschedule". */
    beforeReminder(api: Api, view: AppointmentView, side: Recipient, kind: "before_24h" | "before_2h") {
      const party = side === "other_party" ? view.otherParty : partyOf(view, side);
      if (!party) return Promise.resolve(undefined);
      return sendTo(api, party, (t, locale) => {
        const keyboard = new InlineKeyboard().text(t("appointments:buttons.attend"), packAppointment({ type: "attend", appointmentId: view.id }));
        // Only the citizen and the mediator can move the meeting; the other party is told to call the mediator.
        if (side !== "other_party") keyboard.text(t("appointments:buttons.needReschedule"), packAppointment({ type: "reschedule", appointmentId: view.id }));
        const hint = side === "other_party" ? ["", t("invitations:meeting.changeHint")] : [];
        return { text: [t(`appointments:reminder.${kind}`, { code: view.requestCode }), "", ...details(view, side === "mediator" ? "mediator" : "citizen", t, locale), ...hint].join("\n"), keyboard };
      });
    },

    outcomeAsk(api: Api, view: AppointmentView, nudge: boolean) {
      return sendTo(api, view.mediator, (t) => {
        const keyboard = new InlineKeyboard();
        for (const outcome of OUTCOMES) keyboard.text(t(`appointments:outcome.names.${outcome}`), packAppointment({ type: "outcome", appointmentId: view.id, outcome })).row();
        return { text: t(nudge ? "appointments:outcome.nudge" : "appointments:outcome.ask", { code: view.requestCode }), keyboard };
      });
    },

    ratingAsk(api: Api, view: AppointmentView) {
      return sendTo(api, view.citizen, (t) => {
        const keyboard = new InlineKeyboard();
        for (const rating of RATINGS) keyboard.text(`${rating} ⭐`, packAppointment({ type: "rate", appointmentId: view.id, rating }));
        return { text: t("appointments:rating.ask", { code: view.requestCode }), keyboard };
      });
    },

    nudgePropose(api: Api, mediator: AppointmentParty, requestId: number, requestCode: string) {
      return sendTo(api, mediator, (t) => ({ text: t("appointments:nudgePropose", { code: requestCode }), keyboard: proposeKeyboard(t, requestId) }));
    },

    proposeKeyboard,
  };
}
