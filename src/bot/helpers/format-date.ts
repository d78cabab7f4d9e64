import type { Locale } from "../../config.js";

/** The region variant whose conventions each language's readers expect (Kazakh and Russian as written in Kazakhstan/Russia). */
const INTL_LOCALES: Record<Locale, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

/** A calendar date as the person's language writes it ("2026 ж. 13 наурыз", "13 марта 2026 г.", "13 March 2026"), in the configured zone. */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { timeZone, day: "numeric", month: "long", year: "numeric" }).format(date);
}

/**
 * A local calendar day ("2026-12-01") as a button label read at a glance: the month and the weekday in words,
 * never ICU's short forms («1 жел., сс» means little to most people). "1 желтоқсан, сейсенбі",
 * "1 декабря, вторник", "Tuesday 1 December" — at most 24 characters in every language.
 */
export function formatDayLabel(isoDate: string, locale: Locale): string {
  const day = new Date(`${isoDate}T00:00:00Z`);
  const part = (options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(INTL_LOCALES[locale], { timeZone: "UTC", ...options }).format(day);
  const dayMonth = part({ day: "numeric", month: "long" });
  const weekday = part({ weekday: "long" });
  return locale === "en" ? `${weekday} ${dayMonth}` : `${dayMonth}, ${weekday}`;
}
