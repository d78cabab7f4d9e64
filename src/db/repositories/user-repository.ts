import type { Locale } from "../../config.js";
import { isLocale } from "../../domain/locale.js";
import type { TelegramIdentity, UserProfile, UserRepository } from "../../domain/user.js";
import type { PrismaClient } from "../client.js";

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

export function createUserRepository(prisma: PrismaClient): UserRepository {
  return {
    async recordContact(identity: TelegramIdentity) {
      const existing = await prisma.user.findUnique({ where: { telegramId: identity.telegramId }, select: { ...profileSelect, lastName: true, erasedAt: true } });
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
      if (namesChanged || existing.blockedAt !== null) {
        const updated = await prisma.user.update({
          where: { telegramId: identity.telegramId },
          data: { ...(keepNames ? {} : { firstName: identity.firstName, lastName: identity.lastName }), blockedAt: null },
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
  };
}
