import { parseList } from "./mediator-repository.js";
import { proposeNudgeRow } from "./reminder-repository.js";
import { MEDIATOR_KINDS } from "../../domain/mediator.js";
import { OPEN_CASE_STATUSES } from "../../domain/mediator-case.js";
import type { AcceptResult, Acceptance, DeclineReason, DeclineResult, OfferCard, OfferRepository } from "../../domain/offers.js";
import { SESSION_LANGUAGES, type Category, type SessionLanguage, type SessionMode } from "../../domain/request.js";
import type { Prisma } from "../../generated/sqlite/client.js";
import type { PrismaClient } from "../client.js";
import { citizenOrErased } from "./erased-citizen.js";

/** Statuses in which a request waits for a mediator. */
const WAITING = ["submitted", "offered", "unmatched"];

export function createOfferRepository(prisma: PrismaClient): OfferRepository {
  return {
    async matchInput(requestId) {
      const request = await prisma.mediationRequest.findUnique({
        where: { id: requestId },
        select: {
          status: true, rayonCode: true, category: true, sessionLanguage: true, mode: true, costPreference: true, citizenId: true, assistedById: true,
          offers: { select: { mediatorId: true } },
        },
      });
      if (!request || !WAITING.includes(request.status)) return null;
      return {
        rayonCode: request.rayonCode,
        category: request.category as Category,
        language: request.sessionLanguage as SessionLanguage,
        mode: request.mode as SessionMode,
        // Anything but an explicit "either" is the stricter choice: never a paid mediator by mistake.
        costPreference: request.costPreference === "either" ? "either" : "free_only",
        excludedMediatorIds: request.offers.map((o) => o.mediatorId),
        excludedUserIds: [request.citizenId, request.assistedById].filter((id): id is number => id !== null),
      };
    },

    async create(requestId, mediatorId, now, expiresAt, actor) {
      return prisma.$transaction(async (tx) => {
        const pending = await tx.offer.count({ where: { requestId, status: "pending" } });
        if (pending > 0) return null;
        const request = await tx.mediationRequest.findUnique({ where: { id: requestId }, select: { status: true } });
        if (!request || !WAITING.includes(request.status)) return null;
        // Conditional on the status we read: a cancel or another instance's offer in between wins.
        const moved = await tx.mediationRequest.updateMany({ where: { id: requestId, status: request.status }, data: { status: "offered" } });
        if (moved.count === 0) return null;
        if (request.status !== "offered") {
          await tx.requestStatusChange.create({ data: { requestId, fromStatus: request.status, toStatus: "offered", actorId: actor.userId, actorRole: actor.role, createdAt: now } });
        }
        // Matching never offers twice to one mediator; an operator may, after a decline: the row is reused.
        const fresh = { status: "pending", offeredAt: now, expiresAt, respondedAt: null, declineReason: null, messageId: null };
        const offer = await tx.offer.upsert({
          where: { requestId_mediatorId: { requestId, mediatorId } },
          create: { requestId, mediatorId, ...fresh },
          update: fresh,
          select: { id: true },
        });
        const r = await tx.mediationRequest.findUniqueOrThrow({
          where: { id: requestId },
          select: { code: true, category: true, rayonCode: true, sessionLanguage: true, mode: true, inCourt: true, costPreference: true, otherParty: true, otherPartyAware: true, description: true, voiceFileId: true },
        });
        const card: OfferCard = {
          offerId: offer.id, requestId, requestCode: r.code, category: r.category as Category, rayonCode: r.rayonCode,
          language: r.sessionLanguage as SessionLanguage, mode: r.mode as SessionMode, inCourt: r.inCourt,
          costPreference: r.costPreference === "either" ? "either" : "free_only",
          otherParty: r.otherParty as OfferCard["otherParty"], otherPartyAware: r.otherPartyAware as OfferCard["otherPartyAware"],
          description: r.description, voiceFileId: r.voiceFileId, expiresAt,
        };
        return card;
      });
    },

    async setMessageId(offerId, messageId) {
      await prisma.offer.update({ where: { id: offerId }, data: { messageId } });
    },

    async accept(offerId, mediatorUserId, now): Promise<AcceptResult> {
      return prisma.$transaction(async (tx) => {
        const offer = await tx.offer.findFirst({ where: { id: offerId, mediator: { userId: mediatorUserId } }, select: { status: true, expiresAt: true, requestId: true, mediatorId: true } });
        if (!offer) return { ok: false, reason: "not-found" } as const;
        if (offer.status !== "pending") {
          // Withdrawn means another mediator accepted this request first.
          return { ok: false, reason: offer.status === "expired" ? "expired" : offer.status === "withdrawn" ? "taken" : "answered" } as const;
        }
        if (offer.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" } as const;
        // Exactly one acceptance per request: the request row is locked first (by every accepting
        // transaction, so two of them cannot deadlock) and moves from "offered" once, whoever is first.
        const won = await tx.mediationRequest.updateMany({ where: { id: offer.requestId, status: "offered", mediatorId: null }, data: { status: "accepted", mediatorId: offer.mediatorId, acceptedAt: now } });
        if (won.count === 0) throw new TakenError();
        const answered = await tx.offer.updateMany({ where: { id: offerId, status: "pending" }, data: { status: "accepted", respondedAt: now } });
        if (answered.count === 0) throw new AnsweredError();
        await tx.requestStatusChange.create({ data: { requestId: offer.requestId, fromStatus: "offered", toStatus: "accepted", actorId: mediatorUserId, actorRole: "mediator", createdAt: now } });
        // One "propose times" nudge a day later, committed with the acceptance (or not at all).
        await tx.reminder.create({ data: proposeNudgeRow(offer.requestId, now) });
        // Any other pending offer for this request (an operator's manual one) is withdrawn.
        await tx.offer.updateMany({ where: { requestId: offer.requestId, status: "pending" }, data: { status: "withdrawn", respondedAt: now } });
        const r = await tx.mediationRequest.findUniqueOrThrow({ where: { id: offer.requestId }, select: acceptanceSelect });
        return { ok: true, acceptance: toAcceptance(offer.requestId, r) } as const;
      }).catch(async (error: unknown) => {
        if (error instanceof TakenError) {
          // A double tap (two devices) by the mediator who already won is "answered", not "taken".
          const mine = await prisma.offer.count({ where: { id: offerId, status: "accepted" } });
          return { ok: false, reason: mine > 0 ? "answered" : "taken" } as const;
        }
        if (error instanceof AnsweredError) return { ok: false, reason: "answered" } as const;
        throw error;
      });
    },

    async acceptedBy(offerId, mediatorUserId) {
      // Still theirs: the offer they accepted, and the request is an open case of that same mediator.
      const offer = await prisma.offer.findFirst({
        where: { id: offerId, status: "accepted", mediator: { userId: mediatorUserId }, request: { status: { in: [...OPEN_CASE_STATUSES] } } },
        select: { requestId: true, mediatorId: true },
      });
      if (!offer) return null;
      const r = await prisma.mediationRequest.findUnique({ where: { id: offer.requestId }, select: { ...acceptanceSelect, mediatorId: true } });
      return r && r.mediatorId === offer.mediatorId ? toAcceptance(offer.requestId, r) : null;
    },

    async decline(offerId, mediatorUserId, reason: DeclineReason | null, now): Promise<DeclineResult> {
      const offer = await prisma.offer.findFirst({ where: { id: offerId, mediator: { userId: mediatorUserId } }, select: { requestId: true } });
      if (!offer) return { ok: false, reason: "not-found" };
      const answered = await prisma.offer.updateMany({ where: { id: offerId, status: "pending" }, data: { status: "declined", respondedAt: now, declineReason: reason } });
      return answered.count === 1 ? { ok: true, requestId: offer.requestId } : { ok: false, reason: "answered" };
    },

    async expireDue(now) {
      const due = await prisma.offer.findMany({
        where: { status: "pending", expiresAt: { lte: now } },
        orderBy: { id: "asc" },
        select: { id: true, requestId: true, messageId: true, mediator: { select: { user: { select: { telegramId: true, locale: true } } } } },
      });
      const claimed = [];
      for (const offer of due) {
        // The conditional update is the claim: of two concurrent runs, exactly one gets count 1.
        const won = await prisma.offer.updateMany({ where: { id: offer.id, status: "pending" }, data: { status: "expired", respondedAt: now } });
        if (won.count === 1) {
          claimed.push({ offerId: offer.id, requestId: offer.requestId, messageId: offer.messageId, mediatorTelegramId: offer.mediator.user.telegramId, mediatorLocale: offer.mediator.user.locale });
        }
      }
      return claimed;
    },

    async markUnmatched(requestId, now) {
      return prisma.$transaction(async (tx) => {
        const request = await tx.mediationRequest.findUnique({ where: { id: requestId }, select: { status: true } });
        if (!request || !["submitted", "offered"].includes(request.status)) return false;
        const pending = await tx.offer.count({ where: { requestId, status: "pending" } });
        if (pending > 0) return false;
        const moved = await tx.mediationRequest.updateMany({ where: { id: requestId, status: request.status }, data: { status: "unmatched" } });
        if (moved.count === 0) return false;
        await tx.requestStatusChange.create({ data: { requestId, fromStatus: request.status, toStatus: "unmatched", actorId: null, actorRole: "system", createdAt: now } });
        return true;
      });
    },

    async widenCost(requestId, citizenId) {
      // Conditional on owner, status and the current choice: a forged, stale or repeated tap changes nothing.
      const changed = await prisma.mediationRequest.updateMany({ where: { id: requestId, citizenId, status: "unmatched", costPreference: "free_only" }, data: { costPreference: "either" } });
      const row = await prisma.mediationRequest.findFirst({ where: { id: requestId, citizenId }, select: { code: true, status: true, costPreference: true } });
      if (!row) return { ok: false, reason: "not-found" };
      if (changed.count === 1) return { ok: true, code: row.code };
      return { ok: false, reason: row.status !== "unmatched" ? "not-open" : "already" };
    },

    async citizenOf(requestId) {
      const r = await prisma.mediationRequest.findUnique({ where: { id: requestId }, select: { code: true, rayonCode: true, citizen: { select: { telegramId: true, locale: true } } } });
      return r ? { telegramId: citizenOrErased(r.citizen).telegramId, locale: citizenOrErased(r.citizen).locale, code: r.code, rayonCode: r.rayonCode } : null;
    },
  };
}

/** What both acceptance messages need about the request, its citizen and its mediator. */
const acceptanceSelect = {
  code: true, mode: true, contactName: true, contactPhone: true,
  citizen: { select: { telegramId: true, locale: true } },
  mediator: { select: { id: true, fullName: true, kind: true, languages: true, phone: true, user: { select: { telegramId: true, locale: true } } } },
} as const;

type AcceptanceRow = Prisma.MediationRequestGetPayload<{ select: typeof acceptanceSelect }>;

function toAcceptance(requestId: number, r: AcceptanceRow): Acceptance {
  const m = r.mediator!;
  return {
    requestId, requestCode: r.code, mode: r.mode as SessionMode,
    citizen: { telegramId: citizenOrErased(r.citizen).telegramId, name: r.contactName, phone: r.contactPhone, locale: citizenOrErased(r.citizen).locale },
    mediator: {
      id: m.id, telegramId: m.user.telegramId, fullName: m.fullName, kind: (MEDIATOR_KINDS as readonly string[]).includes(m.kind) ? (m.kind as "public") : "public",
      languages: parseList(m.languages, SESSION_LANGUAGES), phone: m.phone, locale: m.user.locale,
    },
  };
}

/** Thrown inside the accept transaction to roll back our offer's acceptance when another one won. */
class TakenError extends Error {}
/** Thrown when our own offer was answered meanwhile (a double tap on two devices). */
class AnsweredError extends Error {}

