import type { Locale } from "../../config.js";

/** The region variant whose conventions each language's readers expect (Kazakh and Russian as written in Kazakhstan/Russia). */
const INTL_LOCALES: Record<Locale, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

/** A calendar date as the person's language writes it ("2026 ж. 13 наурыз", "13 марта 2026 г.", "13 March 2026"), in the configured zone. */
export function formatDate(date: Date, locale: Locale, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[locale], { timeZone, day: "numeric", month: "long", year: "numeric" }).format(date);
}
