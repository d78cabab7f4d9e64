// The register import in the database: previews (MediatorImport), waiting profiles with join codes
// (MediatorInvite), joining (an invitation becomes an active Mediator) and the register export.
import { MEDIATOR_KINDS, type MediatorKind } from "../../domain/mediator.js";
import { OPEN_CASE_STATUSES } from "../../domain/mediator-case.js";
import { CATEGORIES, MODES, SESSION_LANGUAGES } from "../../domain/request.js";
import { planImport, type ExistingProfile, type ProfileRef } from "../../domain/register-import/import-plan.js";
import type { RegisterEntry } from "../../domain/register-import/register-file.js";
import {
  inviteState, type ImportRecord, type InviteStatus, type InviteView, type RegisterRepository, type RegisterRow, type StoredImport,
} from "../../domain/register-import/register.js";
import type { Prisma } from "../../generated/sqlite/client.js";
import type { PrismaClient } from "../client.js";
import { parseList } from "./mediator-repository.js";

type Tx = Prisma.TransactionClient;

const inviteSelect = {
  id: true, code: true, fullName: true, phone: true, kind: true, registryNumber: true, rayonCodes: true, languages: true,
  specializations: true, modes: true, maxOpenCases: true, status: true, expiresAt: true, joinedAt: true, mediatorId: true,
} as const;

type InviteRow = {
  id: number; code: string; fullName: string; phone: string; kind: string; registryNumber: string | null; rayonCodes: string; languages: string;
  specializations: string; modes: string; maxOpenCases: number; status: string; expiresAt: Date; joinedAt: Date | null; mediatorId: number | null;
};

const kindOf = (value: string): MediatorKind => ((MEDIATOR_KINDS as readonly string[]).includes(value) ? (value as MediatorKind) : "public");
const split = (value: string) => value.split(",").filter(Boolean);

function entryOf(row: { fullName: string; phone: string; kind: string; registryNumber: string | null; languages: string; specializations: string; modes: string; maxOpenCases: number }, rayonCodes: string[]): RegisterEntry {
  return {
    fullName: row.fullName, phone: row.phone, kind: kindOf(row.kind), registryNumber: row.registryNumber, rayonCodes: [...rayonCodes].sort(),
    languages: parseList(row.languages, SESSION_LANGUAGES), specializations: parseList(row.specializations, CATEGORIES), modes: parseList(row.modes, MODES),
    maxOpenCases: row.maxOpenCases,
  };
}

function toInvite(row: InviteRow): InviteView {
  // "review" (joined by an account with another phone, awaiting an operator) reads as taken, like "joined".
  const status = row.status === "review" ? "joined" : (["waiting", "joined", "revoked"] as const).find((s) => s === row.status) ?? "revoked";
  return { ...entryOf(row, split(row.rayonCodes)), id: row.id, code: row.code, status, expiresAt: row.expiresAt, joinedAt: row.joinedAt, mediatorId: row.mediatorId };
}

function inviteColumns(e: RegisterEntry) {
  return {
    fullName: e.fullName, phone: e.phone, kind: e.kind, registryNumber: e.registryNumber, rayonCodes: e.rayonCodes.join(","), languages: e.languages.join(","),
    specializations: e.specializations.join(","), modes: e.modes.join(","), maxOpenCases: e.maxOpenCases,
  };
}

function mediatorColumns(e: RegisterEntry) {
  const { rayonCodes: _rayons, ...rest } = inviteColumns(e);
  return rest;
}

async function loadExisting(db: Tx | PrismaClient): Promise<ExistingProfile[]> {
  const invites = await db.mediatorInvite.findMany({ where: { status: { in: ["waiting", "revoked"] } }, select: inviteSelect, orderBy: { id: "asc" } });
  const joined = new Set((await db.mediatorInvite.findMany({ where: { mediatorId: { not: null } }, select: { mediatorId: true } })).map((i) => i.mediatorId!));
  const mediators = await db.mediator.findMany({
    select: { id: true, fullName: true, phone: true, kind: true, registryNumber: true, languages: true, specializations: true, modes: true, maxOpenCases: true, rayons: { select: { rayonCode: true } } },
    orderBy: { id: "asc" },
  });
  return [
    ...invites.map((row) => ({ ref: { type: "invite", id: row.id } as ProfileRef, selfRegistered: false, entry: entryOf(row, split(row.rayonCodes)) })),
    ...mediators.map((m) => ({ ref: { type: "mediator", id: m.id } as ProfileRef, selfRegistered: !joined.has(m.id), entry: entryOf(m, m.rayons.map((r) => r.rayonCode)) })),
  ];
}

async function updateProfile(tx: Tx, target: ProfileRef, entry: RegisterEntry, now: Date): Promise<void> {
  if (target.type === "invite") {
    await tx.mediatorInvite.update({ where: { id: target.id }, data: { ...inviteColumns(entry), updatedAt: now } });
    return;
  }
  await tx.mediator.update({ where: { id: target.id }, data: { ...mediatorColumns(entry), updatedAt: now } });
  await tx.mediatorRayon.deleteMany({ where: { mediatorId: target.id } });
  await tx.mediatorRayon.createMany({ data: entry.rayonCodes.map((rayonCode) => ({ mediatorId: target.id, rayonCode })) });
}

function parseStored(plan: string): StoredImport {
  const value = JSON.parse(plan) as Partial<StoredImport>;
  return { entries: value.entries ?? [], rejected: value.rejected ?? [] };
}

const importStatus = (value: string): ImportRecord["status"] => (value === "applied" || value === "cancelled" ? value : "preview");

export function createRegisterRepository(prisma: PrismaClient): RegisterRepository {
  return {
    existingProfiles: () => loadExisting(prisma),

    async savePreview({ createdById, fileName, stored }, now) {
      const row = await prisma.mediatorImport.create({ data: { createdById, fileName, status: "preview", plan: JSON.stringify(stored), createdAt: now, updatedAt: now }, select: { id: true } });
      return row.id;
    },

    async findImport(id) {
      const row = await prisma.mediatorImport.findUnique({ where: { id } });
      return row ? { id: row.id, createdById: row.createdById, fileName: row.fileName, status: importStatus(row.status), stored: parseStored(row.plan) } : null;
    },

    async cancelImport(id, now) {
      return (await prisma.mediatorImport.updateMany({ where: { id, status: "preview" }, data: { status: "cancelled", updatedAt: now } })).count > 0;
    },

    async applyImport(id, issue, now) {
      return prisma.$transaction(async (tx) => {
        // Claim the preview first: a second confirmation (another tap, another instance) finds it applied.
        const claimed = await tx.mediatorImport.updateMany({ where: { id, status: "preview" }, data: { status: "applied", appliedAt: now, updatedAt: now } });
        if (claimed.count === 0) return null;
        const row = await tx.mediatorImport.findUniqueOrThrow({ where: { id }, select: { plan: true } });
        const stored = parseStored(row.plan);
        const plan = planImport(stored.entries, stored.rejected, await loadExisting(tx));
        // One statement for all new profiles (a register brings hundreds at once), then read them back by code.
        const rows = plan.creates.map(({ entry }) => ({
          ...inviteColumns(entry), code: issue.newCode(), status: "waiting", expiresAt: issue.expiresAt, createdById: issue.createdById, importId: id, createdAt: now, updatedAt: now,
        }));
        if (rows.length > 0) await tx.mediatorInvite.createMany({ data: rows });
        const created = rows.length > 0 ? await tx.mediatorInvite.findMany({ where: { importId: id }, select: inviteSelect, orderBy: { id: "asc" } }) : [];
        const invites = created.map(toInvite);
        for (const update of plan.updates) await updateProfile(tx, update.target, update.entry, now);
        return { plan, invites };
      }, { timeout: 60_000 });
    },

    async findInvite(id) {
      const row = await prisma.mediatorInvite.findUnique({ where: { id }, select: inviteSelect });
      return row ? toInvite(row) : null;
    },

    async findInviteByCode(code) {
      const row = await prisma.mediatorInvite.findUnique({ where: { code }, select: inviteSelect });
      return row ? toInvite(row) : null;
    },

    async listInvites(status, limit) {
      const rows = await prisma.mediatorInvite.findMany({ where: { status }, select: inviteSelect, orderBy: [{ fullName: "asc" }, { id: "asc" }], take: limit });
      return rows.map(toInvite);
    },

    async countInvites() {
      const groups = await prisma.mediatorInvite.groupBy({ by: ["status"], _count: { _all: true } });
      const counts: Record<InviteStatus, number> = { waiting: 0, joined: 0, revoked: 0 };
      for (const g of groups) if (g.status in counts) counts[g.status as InviteStatus] = g._count._all;
      return counts;
    },

    async reissueInvite(id, code, expiresAt, now) {
      const changed = await prisma.mediatorInvite.updateMany({ where: { id, status: { in: ["waiting", "revoked"] } }, data: { code, expiresAt, status: "waiting", revokedAt: null, updatedAt: now } });
      return changed.count > 0 ? toInvite(await prisma.mediatorInvite.findUniqueOrThrow({ where: { id }, select: inviteSelect })) : null;
    },

    async revokeInvite(id, now) {
      const changed = await prisma.mediatorInvite.updateMany({ where: { id, status: "waiting" }, data: { status: "revoked", revokedAt: now, updatedAt: now } });
      return changed.count > 0 ? toInvite(await prisma.mediatorInvite.findUniqueOrThrow({ where: { id }, select: inviteSelect })) : null;
    },

    async joinInvite(code, userId, ownPhone, now) {
      try {
        return await prisma.$transaction(async (tx) => {
          if ((await tx.mediator.count({ where: { userId } })) > 0) return { ok: false, reason: "already-mediator" } as const;
          const found = await tx.mediatorInvite.findUnique({ where: { code }, select: { phone: true } });
          // The link is a bearer token (it travels by SMS or WhatsApp): only the register's own number joins
          // directly; anyone else becomes an application an operator checks (security review L5).
          const review = found === null || found.phone !== ownPhone;
          // Conditional: of two taps, two devices or two people, exactly one takes the profile.
          const claimed = await tx.mediatorInvite.updateMany({
            where: { code, status: "waiting", expiresAt: { gt: now } }, data: { status: review ? "review" : "joined", joinedAt: now, updatedAt: now },
          });
          if (claimed.count === 0) return { ok: false, reason: "unavailable" } as const;
          const invite = toInvite(await tx.mediatorInvite.findUniqueOrThrow({ where: { code }, select: inviteSelect }));
          const columns = { ...mediatorColumns(invite), ...(review ? { phone: ownPhone } : {}) };
          const mediator = await tx.mediator.create({
            data: { userId, ...columns, bio: "", status: review ? "pending" : "active", paused: false, decidedAt: review ? null : now, createdAt: now, updatedAt: now },
            select: { id: true },
          });
          await tx.mediatorRayon.createMany({ data: invite.rayonCodes.map((rayonCode) => ({ mediatorId: mediator.id, rayonCode })) });
          await tx.mediatorInvite.update({ where: { id: invite.id }, data: { mediatorId: mediator.id } });
          return { ok: true, mediatorId: mediator.id, invite: { ...invite, mediatorId: mediator.id }, review } as const;
        });
      } catch (error) {
        // The same person joining through two links at once: the unique userId lets only one through.
        if ((error as { code?: string }).code === "P2002") return { ok: false, reason: "already-mediator" };
        throw error;
      }
    },

    async reportInviteProblem(code, now) {
      // Conditional: operators are told once per invite, however often "Something is wrong" is tapped.
      const marked = await prisma.mediatorInvite.updateMany({
        where: { code, status: "waiting", expiresAt: { gt: now }, problemReportedAt: null }, data: { problemReportedAt: now, updatedAt: now },
      });
      if (marked.count > 0) return "reported";
      const row = await prisma.mediatorInvite.findUnique({ where: { code }, select: { status: true, expiresAt: true, problemReportedAt: true } });
      const waiting = row?.status === "waiting" && row.expiresAt.getTime() > now.getTime();
      return waiting && row.problemReportedAt ? "already-reported" : "unavailable";
    },

    async exportRegister(now) {
      const mediators = await prisma.mediator.findMany({
        select: {
          id: true, fullName: true, phone: true, kind: true, registryNumber: true, languages: true, specializations: true, modes: true, maxOpenCases: true,
          status: true, paused: true, createdAt: true, rayons: { select: { rayonCode: true } },
        },
        orderBy: [{ fullName: "asc" }, { id: "asc" }],
      });
      const joinedAt = new Map((await prisma.mediatorInvite.findMany({ where: { mediatorId: { not: null } }, select: { mediatorId: true, joinedAt: true } })).map((i) => [i.mediatorId!, i.joinedAt]));
      const open = await prisma.mediationRequest.groupBy({ by: ["mediatorId"], where: { mediatorId: { not: null }, status: { in: [...OPEN_CASE_STATUSES] } }, _count: { _all: true } });
      const openBy = new Map(open.map((g) => [g.mediatorId!, g._count._all]));
      const offers = await prisma.offer.findMany({ where: { status: { in: ["accepted", "declined", "expired"] } }, select: { mediatorId: true, status: true, offeredAt: true, respondedAt: true } });
      const offerStats = new Map<number, { accepted: number; total: number; minutes: number; answered: number }>();
      for (const o of offers) {
        const s = offerStats.get(o.mediatorId) ?? { accepted: 0, total: 0, minutes: 0, answered: 0 };
        s.total++;
        if (o.status === "accepted") s.accepted++;
        if (o.respondedAt && o.status !== "expired") (s.answered++), (s.minutes += (o.respondedAt.getTime() - o.offeredAt.getTime()) / 60_000);
        offerStats.set(o.mediatorId, s);
      }
      const rows: RegisterRow[] = mediators.map((m) => {
        const s = offerStats.get(m.id);
        return {
          ...entryOf(m, m.rayons.map((r) => r.rayonCode)),
          status: m.status === "active" && m.paused ? "paused" : m.status,
          openCases: openBy.get(m.id) ?? 0,
          acceptanceRate: s && s.total > 0 ? s.accepted / s.total : null,
          averageResponseMinutes: s && s.answered > 0 ? Math.round(s.minutes / s.answered) : null,
          joinedAt: joinedAt.get(m.id) ?? m.createdAt,
        };
      });
      const waiting = await prisma.mediatorInvite.findMany({ where: { status: { in: ["waiting", "revoked"] } }, select: inviteSelect, orderBy: [{ fullName: "asc" }, { id: "asc" }] });
      for (const invite of waiting.map(toInvite)) {
        const state = inviteState(invite, now);
        rows.push({
          fullName: invite.fullName, phone: invite.phone, kind: invite.kind, registryNumber: invite.registryNumber, rayonCodes: invite.rayonCodes, languages: invite.languages,
          specializations: invite.specializations, modes: invite.modes, maxOpenCases: invite.maxOpenCases,
          status: state === "expired" ? "invite_expired" : state === "revoked" ? "invite_revoked" : "invited",
          openCases: 0, acceptanceRate: null, averageResponseMinutes: null, joinedAt: null,
        });
      }
      return rows;
    },
  };
}
