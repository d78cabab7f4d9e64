// Which language to speak with a person. Pure: the bot passes what it knows.
import { SUPPORTED_LOCALES, type Locale } from "../config.js";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The saved choice wins; otherwise Telegram's language_code ("ru", "en-US", "kk") when we speak it;
 * anything else falls back to the configured default (Kazakh unless configured otherwise).
 */
export function resolveLocale(saved: string | null | undefined, telegramLanguage: string | undefined, fallback: Locale): Locale {
  if (isLocale(saved)) return saved;
  const base = telegramLanguage?.toLowerCase().split(/[-_]/)[0];
  return isLocale(base) ? base : fallback;
}
