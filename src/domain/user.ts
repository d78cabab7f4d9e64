// A person as the bot knows them: plain data, no Prisma or grammY types.
import type { Locale } from "../config.js";

export interface UserProfile {
  id: number;
  telegramId: bigint;
  firstName: string;
  locale: Locale | null;
  telegramLanguage: string | null;
  startedAt: Date;
  blockedAt: Date | null;
}

/** What Telegram tells us about a person on every update. */
export interface TelegramIdentity {
  telegramId: bigint;
  firstName: string;
  lastName: string | null;
  languageCode: string | null;
}

export interface UserRepository {
  /** Creates the user on first contact, refreshes names, and clears "blocked" (they wrote to us). */
  recordContact(identity: TelegramIdentity): Promise<{ user: UserProfile; isNew: boolean }>;
  setLocale(telegramId: bigint, locale: Locale): Promise<void>;
  markBlocked(telegramId: bigint, at: Date): Promise<void>;
  findByTelegramId(telegramId: bigint): Promise<UserProfile | null>;
  /** People who picked a language (their chat has its own "/" menu), newest first, at most `limit`. */
  chatsWithChosenLanguage(limit: number): Promise<bigint[]>;
}
