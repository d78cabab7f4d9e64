// "/mydata" in words: everything the export holds, readable on a phone, split into messages when long.
import { CANCEL_REASONS, OUTCOMES } from "../../domain/appointments.js";
import { isLocale } from "../../domain/locale.js";
import { DECLINE_REASONS } from "../../domain/offers.js";
import { holdsPersonalData, type AgreementTermExport, type AppointmentExport, type MediatorProfileExport, type PersonalDataExport } from "../../domain/privacy.js";
import { escapeHtml } from "./escape-html.js";
import { formatDate } from "./format-date.js";
import { formatDateTime } from "./operator-text.js";
import { rayonName, requestFieldLines, type RequestTextContext } from "./request-text.js";
import { splitMessage } from "./split-message.js";

type Line = (labelKey: string, valueHtml: string) => string;

/** Appointment statuses in words (literal keys, so the catalogue check sees them). */
const MEETING_STATUS: Record<string, string> = {
  proposed: "privacy:meeting.status.proposed", confirmed: "privacy:meeting.status.confirmed",
  cancelled: "privacy:meeting.status.cancelled", completed: "privacy:meeting.status.completed",
};

const isOneOf = (value: string | null, list: readonly string[]): value is string => value !== null && list.includes(value);

/** A reason as the person gave it: the button's words for a code, or their own typed words in italics. */
function reasonText(c: RequestTextContext, reason: string, codes: readonly string[], labelPrefix: string): string {
  return isOneOf(reason, codes) ? c.t(`${labelPrefix}.${reason}`) : `<i>${escapeHtml(reason)}</i>`;
}

/** A heading and its list as blocks of at most ~3000 characters, so that a long list still fits Telegram's messages. */
function listBlocks(heading: string, items: string[], limit = 3000): string[] {
  const blocks: string[] = [];
  let current = heading;
  for (const item of items) {
    if (current.length + item.length + 1 > limit && current !== heading) {
      blocks.push(current);
      current = item;
    } else {
      current = `${current}\n${item}`;
    }
  }
  return [...blocks, current];
}

/** "• 14 Mar 2026, 15:00 · in person — Confirmed", then one line per detail the meeting has. */
function meetingBlock(c: RequestTextContext, line: Line, a: Pick<AppointmentExport, "status" | "mode" | "startsAt" | "place" | "cancelReason"> & Partial<AppointmentExport>, code?: string): string {
  const when = a.startsAt ? formatDateTime(new Date(a.startsAt), c.locale, c.timeZone) : c.t("privacy:meeting.noTime");
  const head = `📅 ${code ? `<b>${escapeHtml(code)}</b> · ` : ""}${when} · ${c.t(`requests:labels.mode.${a.mode}`)} — ${(MEETING_STATUS[a.status] ? c.t(MEETING_STATUS[a.status]!) : escapeHtml(a.status))}`;
  const lines = [head];
  if (a.place) lines.push(line("appointments:fields.place", escapeHtml(a.place)));
  if (isOneOf(a.outcome ?? null, OUTCOMES)) lines.push(line("privacy:fields.outcome", c.t(`appointments:outcome.names.${a.outcome}`)));
  if (a.rating != null) lines.push(line("privacy:fields.rating", c.t("privacy:meeting.rating", { rating: a.rating })));
  if (a.ratingComment) lines.push(line("privacy:fields.ratingComment", `<i>${escapeHtml(a.ratingComment)}</i>`));
  if (a.cancelReason) lines.push(line("privacy:fields.cancelReason", reasonText(c, a.cancelReason, CANCEL_REASONS, "appointments:cancel.reasons")));
  return lines.join("\n");
}

/** Term parties and answers in words (literal keys, so the catalogue check sees them). */
const TERM_PARTY: Record<string, string> = { citizen: "privacy:terms.party.citizen", other_party: "privacy:terms.party.otherParty", both: "privacy:terms.party.both" };
const TERM_ANSWER: Record<string, string> = {
  done: "privacy:terms.answers.done", partly: "privacy:terms.answers.partly", not_yet: "privacy:terms.answers.notYet", not_done: "privacy:terms.answers.notDone",
};

const NUMBER_LOCALES = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" } as const;

/** A local date YYYY-MM-DD in the person's language (noon UTC is the same calendar day in every Kazakh zone). */
const localDay = (c: RequestTextContext, day: string) => formatDate(new Date(`${day}T12:00:00Z`), c.locale, "UTC");

/** "2. Both parties: <i>return the cow</i> — by 14 March 2026 · 50 000 ₸", then the person's answers. */
function termLines(c: RequestTextContext, term: AgreementTermExport): string {
  const { t } = c;
  const what = term.action !== null ? `<i>${escapeHtml(term.action)}</i>` : term.hasVoice ? t("privacy:terms.spoken") : t("requests:fields.erased");
  const when = term.dueDate ? t("privacy:terms.due", { date: localDay(c, term.dueDate) }) : t("privacy:terms.noDate");
  const amount = term.amountTenge !== null ? ` · ${t("privacy:terms.amount", { amount: new Intl.NumberFormat(NUMBER_LOCALES[c.locale]).format(term.amountTenge) })}` : "";
  const party = TERM_PARTY[term.party] ? t(TERM_PARTY[term.party]!) : escapeHtml(term.party);
  const answers = term.answers.flatMap((a) => (a.answer && TERM_ANSWER[a.answer] ? [`   ${t("privacy:terms.yourAnswer", { answer: t(TERM_ANSWER[a.answer]!) })}`] : []));
  return [`${term.position}. ${party}: ${what} — ${when}${amount}`, ...answers].join("\n");
}

function mediatorBlocks(c: RequestTextContext, line: Line, m: MediatorProfileExport): string[] {
  const { t } = c;
  const orErased = (value: string, html: string) => (value === "" ? t("requests:fields.erased") : html);
  const profile = [
    t("privacy:summary.mediator"),
    line("privacy:fields.name", orErased(m.fullName, escapeHtml(m.fullName))),
    line("privacy:fields.phone", orErased(m.phone, escapeHtml(m.phone))),
    line("privacy:fields.bio", orErased(m.bio, `<i>${escapeHtml(m.bio)}</i>`)),
    ...(m.registryNumber ? [line("privacy:fields.registryNumber", escapeHtml(m.registryNumber))] : []),
    ...(m.decisionReason ? [line("privacy:fields.decisionReason", `<i>${escapeHtml(m.decisionReason)}</i>`)] : []),
  ].join("\n");
  const invite = m.registerInvite
    ? [[
        t("privacy:summary.registerInvite"),
        line("privacy:fields.name", orErased(m.registerInvite.fullName, escapeHtml(m.registerInvite.fullName))),
        line("privacy:fields.phone", orErased(m.registerInvite.phone, escapeHtml(m.registerInvite.phone))),
        ...(m.registerInvite.registryNumber ? [line("privacy:fields.registryNumber", escapeHtml(m.registerInvite.registryNumber))] : []),
      ].join("\n")]
    : [];
  const declined = m.declinedOffers.length === 0
    ? []
    : listBlocks(
        t("privacy:summary.declinedOffers", { total: m.declinedOffers.length }),
        m.declinedOffers.map((o) => `• <b>${escapeHtml(o.requestCode)}</b>${o.reason ? ` — ${reasonText(c, o.reason, DECLINE_REASONS, "offers:decline.reasons")}` : ""}`),
      );
  const meetings = m.meetings.length === 0 ? [] : [t("privacy:summary.mediatorMeetings", { total: m.meetings.length }), ...m.meetings.map((a) => meetingBlock(c, line, a, a.requestCode))];
  const spoken = m.spokenTerms.length === 0
    ? []
    : listBlocks(t("privacy:summary.spokenTerms", { total: m.spokenTerms.length }), m.spokenTerms.map((s) => `• <b>${escapeHtml(s.requestCode)}</b> · ${s.position}`));
  return [profile, ...invite, ...declined, ...meetings, ...spoken];
}

export function describePersonalData(c: RequestTextContext, data: PersonalDataExport): string[] {
  const { t } = c;
  const line: Line = (labelKey, valueHtml) => `<b>${t(labelKey)}:</b> ${valueHtml}`;
  const { user, requests } = data;
  const name = [user.firstName, user.lastName ?? ""].filter((part) => part !== "").join(" ");

  const intro = [t("privacy:summary.title")];
  if (!holdsPersonalData(data)) intro.push(t("privacy:summary.nothingPersonal"));
  if (user.erasedAt) intro.push(t("privacy:summary.erasedOn", { date: formatDate(new Date(user.erasedAt), c.locale, c.timeZone) }));

  const profile = [
    t("privacy:summary.profile"),
    line("privacy:fields.telegramId", user.telegramId),
    line("privacy:fields.name", name === "" ? t("requests:fields.erased") : escapeHtml(name)),
    line("privacy:fields.language", isLocale(user.locale) ? t(`language.names.${user.locale}`) : t("privacy:fields.languageNotChosen")),
    ...(user.preferredRayonCode ? [line("privacy:fields.posterRayon", escapeHtml(rayonName(c, user.preferredRayonCode)))] : []),
    line("privacy:fields.startedAt", formatDate(new Date(user.startedAt), c.locale, c.timeZone)),
  ].join("\n");

  // A request and each of its meetings are separate blocks, so that no block comes near Telegram's limit.
  const requestBlocks = requests.flatMap((r) => [
    [`<b>${escapeHtml(r.code)}</b>`, ...requestFieldLines(c, { ...r, submittedAt: new Date(r.submittedAt) })].join("\n"),
    ...r.appointments.map((a) => meetingBlock(c, line, a)),
  ]);
  const requestsHeading = requests.length > 0
    ? t("privacy:summary.requests", { total: requests.length })
    : t(user.erasedAt ? "privacy:summary.requestsUnlinked" : "privacy:summary.noRequests");

  const invited = data.invitedTo.length === 0
    ? []
    : listBlocks(t("privacy:summary.invitedTo", { total: data.invitedTo.length }), data.invitedTo.map((r) => `• <b>${escapeHtml(r.code)}</b> — ${t(`requests:labels.category.${r.category}`)}`));
  const agreements = data.agreements.length === 0
    ? []
    : [t("privacy:summary.agreements", { total: data.agreements.length }), ...data.agreements.flatMap((a) => listBlocks(`<b>${escapeHtml(a.requestCode)}</b>`, a.terms.map((term) => termLines(c, term))))];
  const stored = data.storedState.length > 0 ? [t("privacy:summary.storedState")] : [];

  return splitMessage([
    intro.join("\n\n"), profile, ...(data.mediator ? mediatorBlocks(c, line, data.mediator) : []), requestsHeading, ...requestBlocks, ...invited, ...agreements, ...stored,
    t("privacy:summary.footer"),
  ]);
}
