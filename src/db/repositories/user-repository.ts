import type { Locale } from "../../config.js";
import { isLocale } from "../../domain/locale.js";
import type { TelegramIdentity, UserProfile, UserRepository } from "../../domain/user.js";
import type { PrismaClient } from "../client.js";
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


/**
 * The read behind every update (recordContact), as plain SQL valid on SQLite and PostgreSQL alike, sent through
 * the direct path (db/direct-sql.ts): Prisma's findUnique cost about four times the CPU of the same query sent
 * raw, and $queryRaw itself still about 250 µs per call.
 */
const CONTACT_SQL = `SELECT "id", "telegramId", "firstName", "lastName", "locale", "telegramLanguage", "startedAt", "blockedAt", "erasedAt"
    FROM "User" WHERE "telegramId" = ?`;

async function findContactRow(sql: DirectSql, telegramId: bigint): Promise<ContactRow | null> {
  const [row] = await sql.query<Record<keyof ContactRow, unknown>>(CONTACT_SQL, [telegramId]);
  if (!row) return null;
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

export function createUserRepository(prisma: PrismaClient): UserRepository {
  const sql = directSql(prisma);
  return {
    async recordContact(identity: TelegramIdentity) {
      const existing = await findContactRow(sql, identity.telegramId);
      if (!existing) {
        try {
          const created = await prisma.user.create({
            data: { telegramId: identity.telegramId, firstName: identity.firstName, lastName: identity.lastName, telegramLanguage: identity.languageCode },
            select: profileSelect,
          });
          return { user: toProfile(created), isNew: true };
        } catch (error) {
          // Two updates of a new user raced; the other one created the row.
          if ((error as { code?: string }).code !== "P2002") throw error;
          const row = await prisma.user.findUniqueOrThrow({ where: { telegramId: identity.telegramId }, select: profileSelect });
          return { user: toProfile(row), isNew: false };
        }
      }
      // Write only when something changed: most updates come from people we already know.
      // After /deletedata names stay blank: a person who erased their data is not re-recorded by chatting.
      const keepNames = existing.erasedAt !== null;
      const namesChanged = !keepNames && (existing.firstName !== identity.firstName || existing.lastName !== identity.lastName);
      // Messages sent on their own (offers, reminders) follow Telegram's language until the person picks one.
      const languageChanged = identity.languageCode !== null && existing.telegramLanguage !== identity.languageCode;
      if (namesChanged || languageChanged || existing.blockedAt !== null) {
        const updated = await prisma.user.update({
          where: { telegramId: identity.telegramId },
          data: { ...(keepNames ? {} : { firstName: identity.firstName, lastName: identity.lastName }), ...(languageChanged ? { telegramLanguage: identity.languageCode } : {}), blockedAt: null },
          select: profileSelect,
        });
        return { user: toProfile(updated), isNew: false };
      }
      const { lastName: _lastName, erasedAt: _erasedAt, ...profile } = existing;
      return { user: toProfile(profile), isNew: false };
    },

    async setLocale(telegramId: bigint, locale: Locale) {
      await prisma.user.update({ where: { telegramId }, data: { locale } });
    },

    async markBlocked(telegramId: bigint, at: Date) {
      await prisma.user.updateMany({ where: { telegramId, blockedAt: null }, data: { blockedAt: at } });
    },

    async findByTelegramId(telegramId: bigint) {
      const row = await prisma.user.findUnique({ where: { telegramId }, select: profileSelect });
      return row ? toProfile(row) : null;
    },

    async chatsWithChosenLanguage(limit: number) {
      const rows = await prisma.user.findMany({
        where: { locale: { not: null }, blockedAt: null, erasedAt: null }, orderBy: { id: "desc" }, take: limit, select: { telegramId: true },
      });
      return rows.map((r) => r.telegramId);
    },
  };
}
