import { MEDIATOR_KINDS, MEDIATOR_STATUSES, type MediatorApplication, type MediatorProfile, type MediatorRepository, type MediatorStatus } from "../../domain/mediator.js";
import { DomainError } from "../../domain/domain-error.js";
import { preferredLocale } from "../../domain/locale.js";
import { CATEGORIES, MODES, SESSION_LANGUAGES } from "../../domain/request.js";
import type { PrismaClient } from "../client.js";
import { directSql } from "../direct-sql.js";

const select = {
  id: true, userId: true, fullName: true, kind: true, registryNumber: true, languages: true, specializations: true, modes: true,
  maxOpenCases: true, phone: true, bio: true, status: true, paused: true, decisionReason: true, createdAt: true,
  user: { select: { telegramId: true } },
  rayons: { select: { rayonCode: true }, orderBy: { rayonCode: "asc" as const } },
} as const;

type Row = {
  id: number; userId: number; fullName: string; kind: string; registryNumber: string | null; languages: string; specializations: string; modes: string;
  maxOpenCases: number; phone: string; bio: string; status: string; paused: boolean; decisionReason: string | null; createdAt: Date;
  user: { telegramId: bigint }; rayons: Array<{ rayonCode: string }>;
};

/** A comma-separated column as a list of known values (unknown ones are dropped, never trusted). */
export function parseList<T extends string>(value: string, allowed: readonly T[]): T[] {
  return value.split(",").filter((v): v is T => (allowed as readonly string[]).includes(v));
}

function toProfile(row: Row): MediatorProfile {
  const kind = (MEDIATOR_KINDS as readonly string[]).includes(row.kind) ? (row.kind as MediatorProfile["kind"]) : "public";
  const status = (MEDIATOR_STATUSES as readonly string[]).includes(row.status) ? (row.status as MediatorStatus) : "suspended";
  return {
    id: row.id, userId: row.userId, telegramId: row.user.telegramId, fullName: row.fullName, kind, registryNumber: row.registryNumber,
    rayonCodes: row.rayons.map((r) => r.rayonCode), languages: parseList(row.languages, SESSION_LANGUAGES),
    specializations: parseList(row.specializations, CATEGORIES), modes: parseList(row.modes, MODES), maxOpenCases: row.maxOpenCases,
    phone: row.phone, bio: row.bio, status, paused: row.paused, decisionReason: row.decisionReason, createdAt: row.createdAt,
  };
}

function columns(a: MediatorApplication) {
  return {
    fullName: a.fullName, kind: a.kind, registryNumber: a.registryNumber, languages: a.languages.join(","),
    specializations: a.specializations.join(","), modes: a.modes.join(","), maxOpenCases: a.maxOpenCases, phone: a.phone, bio: a.bio,
  };
}

export function createMediatorRepository(prisma: PrismaClient): MediatorRepository {
  const sql = directSql(prisma);
  return {
    async apply(userId, application, now) {
      return prisma.$transaction(async (tx) => {
        const data = { ...columns(application), status: "pending", paused: false, decisionReason: null, decidedAt: null, updatedAt: now };
        const existing = await tx.mediator.findUnique({ where: { userId }, select: { id: true, status: true } });
        // An edit never lifts a suspension (erasure suspends too): the write is conditional on the status it
        // started from, so a suspension committed while the person was editing wins.
        if (existing?.status === "suspended") throw suspendedError();
        const saved = existing
          ? { id: existing.id, count: (await tx.mediator.updateMany({ where: { id: existing.id, status: existing.status }, data })).count }
          : { id: (await tx.mediator.create({ data: { userId, ...data }, select: { id: true } })).id, count: 1 };
        if (saved.count === 0) throw suspendedError();
        await tx.mediatorRayon.deleteMany({ where: { mediatorId: saved.id } });
        await tx.mediatorRayon.createMany({ data: [...new Set(application.rayonCodes)].map((rayonCode) => ({ mediatorId: saved.id, rayonCode })) });
        return toProfile(await tx.mediator.findUniqueOrThrow({ where: { id: saved.id }, select }));
      });
    },
    async findByUserId(userId) {
      // Asked on /help and on every language change, nearly always of someone who is no mediator: that answer
      // comes from one plain statement (db/direct-sql.ts); only a mediator's profile takes Prisma's query.
      if ((await sql.query(`SELECT "id" FROM "Mediator" WHERE "userId" = ?`, [userId])).length === 0) return null;
      const row = await prisma.mediator.findUnique({ where: { userId }, select });
      return row ? toProfile(row) : null;
    },
    async findById(id) {
      const row = await prisma.mediator.findUnique({ where: { id }, select });
      return row ? toProfile(row) : null;
    },
    async listByStatus(status, limit) {
      return (await prisma.mediator.findMany({ where: { status }, orderBy: [{ updatedAt: "asc" }, { id: "asc" }], take: limit, select })).map(toProfile);
    },
    async changeStatus(id, from, to, reason, now) {
      return prisma.$transaction(async (tx) => {
        const changed = await tx.mediator.updateMany({ where: { id, status: { in: [...from] } }, data: { status: to, decisionReason: reason, decidedAt: now } });
        if (changed.count === 0) return null;
        // Leaving "active" (suspension): pending offers are withdrawn with it, so an old Accept finds nothing.
        const pending = to === "active" ? [] : await tx.offer.findMany({
          where: { mediatorId: id, status: "pending" },
          select: { id: true, requestId: true, messageId: true, voiceMessageId: true, request: { select: { code: true } }, mediator: { select: { user: { select: { telegramId: true, locale: true, telegramLanguage: true } } } } },
        });
        if (pending.length > 0) await tx.offer.updateMany({ where: { id: { in: pending.map((o) => o.id) }, status: "pending" }, data: { status: "withdrawn", respondedAt: now } });
        return {
          mediator: toProfile(await tx.mediator.findUniqueOrThrow({ where: { id }, select })),
          withdrawnOffers: pending.map((o) => ({
            offerId: o.id, requestId: o.requestId, requestCode: o.request.code, messageId: o.messageId, voiceMessageId: o.voiceMessageId,
            mediatorTelegramId: o.mediator.user.telegramId, mediatorLocale: preferredLocale(o.mediator.user.locale, o.mediator.user.telegramLanguage),
          })),
        };
      });
    },
    async setPaused(id, paused) {
      await prisma.mediator.update({ where: { id }, data: { paused } });
    },
  };
}

const suspendedError = () => new DomainError("PROFILE_SUSPENDED", "This mediator profile is suspended (or erased); an operator must reactivate it before it can be edited.");
