import type { Locale } from "../../config.js";
import { isLocale } from "../../domain/locale.js";
import type { TelegramIdentity, UserProfile, UserRepository } from "../../domain/user.js";
import type { PrismaClient } from "../client.js";
import { LruCache } from "../cache/lru-cache.js";
import { directSql, toBigInt, toDate, toNumber, type DirectSql } from "../direct-sql.js";

const profileSelect = {
  id: true,
  telegramId: true,
  firstName: true,
  locale: true,
  telegramLanguage: true,
  startedAt: true,
  blockedAt: true,
} as const;

type ProfileRow = { id: number; telegramId: bigint; firstName: string; locale: string | null; telegramLanguage: string | null; startedAt: Date; blockedAt: Date | null };

function toProfile(row: ProfileRow): UserProfile {
  return { ...row, locale: isLocale(row.locale) ? row.locale : null };
}

type ContactRow = ProfileRow & { lastName: string | null; erasedAt: Date | null };

function contactProfile(row: ContactRow): UserProfile {
  const { lastName: _lastName, erasedAt: _erasedAt, ...profile } = row;
  return toProfile(profile);
}


/**
 * The read behind every update (recordContact), as plain SQL valid on SQLite and PostgreSQL alike, sent through
 * the direct path (db/direct-sql.ts): Prisma's findUnique cost about four times the CPU of the same query sent
 * raw, and $queryRaw itself still about 250 µs per call.
 */
const CONTACT_COLUMNS = `"id", "telegramId", "firstName", "lastName", "locale", "telegramLanguage", "startedAt", "blockedAt", "erasedAt"`;
const CONTACT_SQL = `SELECT ${CONTACT_COLUMNS} FROM "User" WHERE "telegramId" = ?`;
/** First contact: all the columns Prisma would fill (its defaults are set by the client, so they are given here). */
const CREATE_SQL = `INSERT INTO "User" ("telegramId", "firstName", "lastName", "telegramLanguage", "startedAt", "createdAt", "updatedAt")
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT ("telegramId") DO NOTHING RETURNING ${CONTACT_COLUMNS}`;
const SET_LOCALE_SQL = `UPDATE "User" SET "locale" = ?, "updatedAt" = ? WHERE "telegramId" = ?`;

async function findContactRow(sql: DirectSql, telegramId: bigint): Promise<ContactRow | null> {
  const [row] = await sql.query<Record<keyof ContactRow, unknown>>(CONTACT_SQL, [telegramId]);
  return row ? toContactRow(row) : null;
}

/** The first contact's row, or null when another update of the same new person created it first. */
async function createContactRow(sql: DirectSql, identity: TelegramIdentity): Promise<ContactRow | null> {
  const now = new Date();
  const [row] = await sql.query<Record<keyof ContactRow, unknown>>(CREATE_SQL, [identity.telegramId, identity.firstName, identity.lastName, identity.languageCode, now, now, now]);
  return row ? toContactRow(row) : null;
}

function toContactRow(row: Record<keyof ContactRow, unknown>): ContactRow {
  return {
    id: toNumber(row.id),
    telegramId: toBigInt(row.telegramId),
    firstName: row.firstName as string,
    lastName: row.lastName as string | null,
    locale: row.locale as string | null,
    telegramLanguage: row.telegramLanguage as string | null,
    startedAt: toDate(row.startedAt) as Date,
    blockedAt: toDate(row.blockedAt),
    erasedAt: toDate(row.erasedAt),
  };
}

export interface UserRepositoryOptions {
  /**
   * Keep up to this many people's rows in memory (the read behind every update). Correct ONLY while this process
   * is the one writing User rows of the people it serves: long polling, like the conversation cache (app.ts).
   * Every write here drops the person's entry; erasure, the one other writer, must call forget().
   * Webhook instances share people and leave it off.
   */
  cacheContacts?: number;
}

export interface CachingUserRepository extends UserRepository {
  /** Drops the person's row from memory after someone changed it behind the repository (erasure). */
  forget(telegramId: bigint): void;
}

export function createUserRepository(prisma: PrismaClient, options: UserRepositoryOptions = {}): CachingUserRepository {
  const sql = directSql(prisma);
  const cache = options.cacheContacts ? new LruCache<ContactRow>(options.cacheContacts) : undefined;
  // Bumped by every change, so a read that was waiting on the database never caches what a change replaced.
  let generation = 0;
  const findContact = async (telegramId: bigint): Promise<ContactRow | null> => {
    if (!cache) return findContactRow(sql, telegramId);
    const key = telegramId.toString();
    const held = cache.get(key);
    if (held) return held;
    const before = generation;
    const row = await findContactRow(sql, telegramId);
    if (row && generation === before) cache.set(key, row);
    return row;
  };
  const changed = (telegramId: bigint) => {
    generation++;
    cache?.delete(telegramId.toString());
  };
  /** A write of the person's row; afterwards (even a failed one) memory holds nothing of them. */
  const writing = async <R>(telegramId: bigint, write: () => Promise<R>): Promise<R> => {
    try {
      return await write();
    } finally {
      changed(telegramId);
    }
  };
  return {
    forget: changed,

    async recordContact(identity: TelegramIdentity) {
      const existing = await findContact(identity.telegramId);
      if (!existing) {
        const created = await createContactRow(sql, identity);
        if (created) return { user: contactProfile(created), isNew: true };
        // Two updates of a new user raced; the other one created the row.
        const row = await findContactRow(sql, identity.telegramId);
        if (!row) throw new Error("recordContact: the user row is missing right after a conflicting insert");
        return { user: contactProfile(row), isNew: false };
      }
      // Write only when something changed: most updates come from people we already know.
      // After /deletedata names stay blank: a person who erased their data is not re-recorded by chatting.
      const keepNames = existing.erasedAt !== null;
      const namesChanged = !keepNames && (existing.firstName !== identity.firstName || existing.lastName !== identity.lastName);
      // Messages sent on their own (offers, reminders) follow Telegram's language until the person picks one.
      const languageChanged = identity.languageCode !== null && existing.telegramLanguage !== identity.languageCode;
      if (namesChanged || languageChanged || existing.blockedAt !== null) {
        const updated = await writing(identity.telegramId, () => prisma.user.update({
          where: { telegramId: identity.telegramId },
          data: { ...(keepNames ? {} : { firstName: identity.firstName, lastName: identity.lastName }), ...(languageChanged ? { telegramLanguage: identity.languageCode } : {}), blockedAt: null },
          select: profileSelect,
        }));
        return { user: toProfile(updated), isNew: false };
      }
      return { user: contactProfile(existing), isNew: false };
    },

    async setLocale(telegramId: bigint, locale: Locale) {
      // As Prisma's update did: a person who is not there is an error, not a silent no-op.
      if ((await writing(telegramId, () => sql.execute(SET_LOCALE_SQL, [locale, new Date(), telegramId]))) === 0) throw new Error("setLocale: no such user");
    },

    async markBlocked(telegramId: bigint, at: Date) {
      await writing(telegramId, () => prisma.user.updateMany({ where: { telegramId, blockedAt: null }, data: { blockedAt: at } }));
    },

    async findByTelegramId(telegramId: bigint) {
      const row = await findContact(telegramId);
      return row ? contactProfile(row) : null;
    },

    async chatsWithChosenLanguage(limit: number) {
      const rows = await prisma.user.findMany({
        where: { locale: { not: null }, blockedAt: null, erasedAt: null }, orderBy: { id: "desc" }, take: limit, select: { telegramId: true },
      });
      return rows.map((r) => r.telegramId);
    },
  };
}
