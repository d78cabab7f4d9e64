// Which language to speak with a person. Pure: the bot passes what it knows.
import { SUPPORTED_LOCALES, type Locale } from "../config.js";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/** The language of a Telegram language_code ("ru", "en-US", "kk") when Kelisim speaks it, else null. */
export function spokenTelegramLanguage(telegramLanguage: string | null | undefined): Locale | null {
  const base = telegramLanguage?.toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : null;
}

/**
 * The saved choice wins; otherwise Telegram's language_code ("ru", "en-US", "kk") when we speak it;
 * anything else falls back to the configured default (Kazakh unless configured otherwise).
 */
export function resolveLocale(saved: string | null | undefined, telegramLanguage: string | null | undefined, fallback: Locale): Locale {
  return preferredLocale(saved, telegramLanguage) ?? fallback;
}

/** The same rule without the fallback: null when the person neither chose a language nor has one we speak. */
export function preferredLocale(saved: string | null | undefined, telegramLanguage: string | null | undefined): Locale | null {
  return isLocale(saved) ? saved : spokenTelegramLanguage(telegramLanguage);
}

/** What the database knows about a person's language: their choice (User.locale) and Telegram's (User.telegramLanguage). */
export interface LanguageSettings {
  locale: string | null | undefined;
  telegramLanguage?: string | null | undefined;
}

/**
 * The one rule for every message the bot sends on its own (offers, reminders, digests, notices): the language
 * the person chose, else their Telegram language when Kelisim speaks it, else the default — the same language
 * the chat answers them in. A person we do not know (null) gets the default.
 */
export function recipientLocale(person: LanguageSettings | null | undefined, fallback: Locale): Locale {
  return resolveLocale(person?.locale, person?.telegramLanguage, fallback);
}
