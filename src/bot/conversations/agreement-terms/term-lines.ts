// One agreement term as a line of a Telegram HTML message, in the reader's language: who, what, by when, how
// much. Shared by the terms conversation (its list of terms so far) and the delivery to the parties.
import type { Locale } from "../../../config.js";
import type { TermDraft, TermParty } from "../../../domain/agreement.js";
import type { Translate } from "../../i18n.js";

const INTL: Record<Locale, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

/** "150 000 ₸" as each language groups digits. */
export function formatTenge(amount: number, locale: Locale): string {
  return `${new Intl.NumberFormat(INTL[locale]).format(amount)} ₸`;
}

/** "7 December 2026" for a local date "2026-12-07". */
export function formatDueDate(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL[locale], { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" }).format(new Date(`${date}T00:00:00Z`));
}

const PARTY_KEYS: Record<TermParty, string> = { citizen: "agreement:party.citizenFallback", other_party: "agreement:party.otherParty", both: "agreement:party.both" };

/** Who carries a term out, as the reader sees it: the citizen by name when the case has one. */
export function partyName(t: Translate, party: TermParty, citizenName: string | null): string {
  if (party === "citizen" && citizenName) return citizenName;
  return t(PARTY_KEYS[party]);
}

/** Shortens a long action for the list shown while terms are entered (the full text is sent at the end). */
function preview(text: string, max: number | undefined): string {
  const chars = [...text];
  return max === undefined || chars.length <= max ? text : `${chars.slice(0, max).join("")}…`;
}

/** "1. Айгүл Серікқызы — repairs the fence; by 7 December 2026; 150 000 ₸" (values escaped by i18next). */
export function termLine(t: Translate, locale: Locale, position: number, term: TermDraft, citizenName: string | null, maxAction?: number): string {
  const what = term.action !== null ? preview(term.action, maxAction) : t("agreement:spoken", { seconds: term.voiceDuration ?? 0 });
  const parts = [t("agreement:line.what", { n: position, who: partyName(t, term.party, citizenName), what })];
  parts.push(term.dueDate ? t("agreement:line.due", { date: formatDueDate(term.dueDate, locale) }) : t("agreement:line.noDate"));
  if (term.amountTenge !== null) parts.push(t("agreement:line.amount", { amount: formatTenge(term.amountTenge, locale) }));
  return parts.join("; ");
}
