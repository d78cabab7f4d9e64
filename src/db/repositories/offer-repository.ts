import { parseList } from "./mediator-repository.js";
import { proposeNudgeRow } from "./reminder-repository.js";
import { MEDIATOR_KINDS } from "../../domain/mediator.js";
import { preferredLocale } from "../../domain/locale.js";
import { OPEN_CASE_STATUSES } from "../../domain/mediator-case.js";
import type { AcceptResult, Acceptance, DeclineReason, DeclineResult, EndedOffer, OfferCard, OfferRepository } from "../../domain/offers.js";
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
        const fresh = { status: "pending", offeredAt: now, expiresAt, respondedAt: null, declineReason: null, messageId: null, voiceMessageId: null };
        const offer = await tx.offer.upsert({
          where: { requestId_mediatorId: { requestId, mediatorId } },
          create: { requestId, mediatorId, ...fresh },
          update: fresh,
          select: { id: true },
        });
        const r = await tx.mediationRequest.findUniqueOrThrow({
          where: { id: requestId },
          select: { code: true, category: true, rayonCode: true, sessionLanguage: true, mode: true, inCourt: true, costPreference: true, otherParty: true, otherPartyAware: true, description: true, voiceFileId: true, followUpOf: { select: { code: true } } },
        });
        const card: OfferCard = {
          offerId: offer.id, requestId, requestCode: r.code, category: r.category as Category, rayonCode: r.rayonCode,
          language: r.sessionLanguage as SessionLanguage, mode: r.mode as SessionMode, inCourt: r.inCourt,
          costPreference: r.costPreference === "either" ? "either" : "free_only",
          otherParty: r.otherParty as OfferCard["otherParty"], otherPartyAware: r.otherPartyAware as OfferCard["otherPartyAware"],
          description: r.description, voiceFileId: r.voiceFileId, expiresAt, followUpOfCode: r.followUpOf?.code ?? null,
        };
        return card;
      });
    },

    async setMessageId(offerId, messageId, voiceMessageId) {
      await prisma.offer.update({ where: { id: offerId }, data: { messageId, voiceMessageId } });
    },

    async accept(offerId, mediatorUserId, now): Promise<AcceptResult> {
      return prisma.$transaction(async (tx) => {
        const offer = await tx.offer.findFirst({
          where: { id: offerId, mediator: { userId: mediatorUserId } },
          select: { status: true, expiresAt: true, requestId: true, mediatorId: true, mediator: { select: { status: true, paused: true } }, request: { select: { citizenId: true, assistedById: true } } },
        });
        if (!offer) return { ok: false, reason: "not-found" } as const;
        // A suspended, erased or paused mediator takes no new request (and so never sees its contact).
        if (offer.mediator.status !== "active" || offer.mediator.paused) return { ok: false, reason: "not-active" } as const;
        // Nobody mediates their own request, nor one they filed for someone else.
        if (offer.request.citizenId === mediatorUserId || offer.request.assistedById === mediatorUserId) return { ok: false, reason: "own-request" } as const;
        if (offer.status !== "pending") {
          // Withdrawn means another mediator accepted this request first.
          return { ok: false, reason: offer.status === "expired" ? "expired" : offer.status === "withdrawn" ? "taken" : "answered" } as const;
        }
        if (offer.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: "expired" } as const;
        // Exactly one acceptance per request: the request row is locked first (by every accepting
        // transaction, so two of them cannot deadlock) and moves from "offered" once, whoever is first.
        const won = await tx.mediationRequest.updateMany({ where: { id: offer.requestId, status: "offered", mediatorId: null }, data: { status: "accepted", mediatorId: offer.mediatorId, acceptedAt: now } });
        if (won.count === 0) throw new TakenError();
        // The status of the profile is part of the write: a suspension committed meanwhile wins.
        const answered = await tx.offer.updateMany({
          where: { id: offerId, status: "pending", mediator: { userId: mediatorUserId, status: "active", paused: false } },
          data: { status: "accepted", respondedAt: now },
        });
        if (answered.count === 0) throw new AnsweredError();
        await tx.requestStatusChange.create({ data: { requestId: offer.requestId, fromStatus: "offered", toStatus: "accepted", actorId: mediatorUserId, actorRole: "mediator", createdAt: now } });
        // One "propose times" nudge a day later, committed with the acceptance (or not at all).
        await tx.reminder.create({ data: proposeNudgeRow(offer.requestId, now) });
        // Any other pending offer for this request (an operator's manual one) is withdrawn; its card shrinks.
        const others = await tx.offer.findMany({ where: { requestId: offer.requestId, status: "pending" }, select: endedSelect });
        await tx.offer.updateMany({ where: { id: { in: others.map((o) => o.id) }, status: "pending" }, data: { status: "withdrawn", respondedAt: now } });
        const r = await tx.mediationRequest.findUniqueOrThrow({ where: { id: offer.requestId }, select: acceptanceSelect });
        return { ok: true, acceptance: toAcceptance(offer.requestId, r), ended: others.map(toEnded) } as const;
      }).catch(async (error: unknown) => {
        if (error instanceof TakenError) {
          // A double tap (two devices) by the mediator who already won is "answered", not "taken".
          const mine = await prisma.offer.count({ where: { id: offerId, status: "accepted" } });
          return { ok: false, reason: mine > 0 ? "answered" : "taken" } as const;
        }
        if (error instanceof AnsweredError) {
          // Either a double tap, or the profile was suspended or paused between our read and our write.
          const active = await prisma.mediator.count({ where: { userId: mediatorUserId, status: "active", paused: false } });
          return { ok: false, reason: active > 0 ? "answered" : "not-active" } as const;
        }
        throw error;
      });
    },

    async acceptedBy(offerId, mediatorUserId) {
      // Still theirs: the offer they accepted, and the request is an open case of that same mediator.
      const offer = await prisma.offer.findFirst({
        // Only while the profile is active: a suspended mediator's old Accept button shows no contact again.
        where: { id: offerId, status: "accepted", mediator: { userId: mediatorUserId, status: "active" }, request: { status: { in: [...OPEN_CASE_STATUSES] } } },
        select: { requestId: true, mediatorId: true },
      });
      if (!offer) return null;
      const r = await prisma.mediationRequest.findUnique({ where: { id: offer.requestId }, select: { ...acceptanceSelect, mediatorId: true } });
      return r && r.mediatorId === offer.mediatorId ? toAcceptance(offer.requestId, r) : null;
    },

    async decline(offerId, mediatorUserId, reason: DeclineReason | null, now): Promise<DeclineResult> {
      const offer = await prisma.offer.findFirst({ where: { id: offerId, mediator: { userId: mediatorUserId } }, select: endedSelect });
      if (!offer) return { ok: false, reason: "not-found" };
      const answered = await prisma.offer.updateMany({ where: { id: offerId, status: "pending" }, data: { status: "declined", respondedAt: now, declineReason: reason } });
      return answered.count === 1 ? { ok: true, requestId: offer.requestId, ended: toEnded(offer) } : { ok: false, reason: "answered" };
    },

    async expireDue(now) {
      const due = await prisma.offer.findMany({
        where: { status: "pending", expiresAt: { lte: now } },
        orderBy: { id: "asc" },
        select: endedSelect,
      });
      const claimed: EndedOffer[] = [];
      for (const offer of due) {
        // The conditional update is the claim: of two concurrent runs, exactly one gets count 1.
        const won = await prisma.offer.updateMany({ where: { id: offer.id, status: "pending" }, data: { status: "expired", respondedAt: now } });
        if (won.count === 1) {
          claimed.push(toEnded(offer));
        }
      }
      return claimed;
    },

    async strandedSubmissions(since, limit) {
      const rows = await prisma.mediationRequest.findMany({ where: { status: "submitted", submittedAt: { gte: since } }, orderBy: { submittedAt: "asc" }, take: limit, select: { id: true } });
      return rows.map((r) => r.id);
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

    async release(requestId, operatorUserId, now) {
      return prisma.$transaction(async (tx) => {
        const r = await tx.mediationRequest.findUnique({ where: { id: requestId }, select: { code: true, status: true, mediatorId: true } });
        if (!r || r.mediatorId === null || !(OPEN_CASE_STATUSES as readonly string[]).includes(r.status)) return null;
        // Conditional on what we read: a second operator's tap, or an outcome recorded meanwhile, changes nothing.
        const moved = await tx.mediationRequest.updateMany({ where: { id: requestId, status: r.status, mediatorId: r.mediatorId }, data: { status: "offered", mediatorId: null, acceptedAt: null } });
        if (moved.count === 0) return null;
        await tx.requestStatusChange.create({ data: { requestId, fromStatus: r.status, toStatus: "offered", actorId: operatorUserId, actorRole: "operator", createdAt: now } });
        // The old mediator's meeting times and every reminder of the case go; the new mediator proposes afresh.
        await tx.appointment.updateMany({ where: { requestId, status: { in: ["proposed", "confirmed"] } }, data: { status: "cancelled", cancelledAt: now, cancelledBy: "operator" } });
        await tx.reminder.updateMany({ where: { requestId, status: "pending" }, data: { status: "cancelled" } });
        await tx.auditEntry.create({
          data: { actorId: operatorUserId, action: "request.reassign", targetType: "request", targetId: String(requestId), details: JSON.stringify({ fromMediatorId: r.mediatorId }), createdAt: now },
        });
        return { requestId, requestCode: r.code, fromMediatorId: r.mediatorId };
      });
    },

    async claimEndedCards(limit) {
      const ended = await prisma.offer.findMany({
        where: { status: { in: ["declined", "expired", "withdrawn"] }, OR: [{ messageId: { not: null } }, { voiceMessageId: { not: null } }] },
        orderBy: { id: "desc" },
        take: limit,
        select: { ...endedSelect, status: true },
      });
      const claimed = [];
      for (const offer of ended) {
        // The claim: only the caller that clears the ids it read shrinks the card.
        const won = await prisma.offer.updateMany({ where: { id: offer.id, messageId: offer.messageId, voiceMessageId: offer.voiceMessageId }, data: { messageId: null, voiceMessageId: null } });
        if (won.count === 1) claimed.push({ ...toEnded(offer), ending: offer.status === "declined" ? "declined" as const : offer.status === "expired" ? "expired" as const : "unavailable" as const });
      }
      return claimed;
    },

    async citizenOf(requestId) {
      const r = await prisma.mediationRequest.findUnique({ where: { id: requestId }, select: { code: true, rayonCode: true, citizen: { select: { telegramId: true, locale: true, telegramLanguage: true } } } });
      return r ? { telegramId: citizenOrErased(r.citizen).telegramId, locale: localeOf(citizenOrErased(r.citizen)), code: r.code, rayonCode: r.rayonCode } : null;
    },
  };
}

/** Where an offer's card is, and in which language to shrink it. */
const endedSelect = {
  id: true, requestId: true, messageId: true, voiceMessageId: true,
  request: { select: { code: true } },
  mediator: { select: { user: { select: { telegramId: true, locale: true, telegramLanguage: true } } } },
} as const;

function toEnded(o: Prisma.OfferGetPayload<{ select: typeof endedSelect }>): EndedOffer {
  return {
    offerId: o.id, requestId: o.requestId, requestCode: o.request.code, messageId: o.messageId, voiceMessageId: o.voiceMessageId,
    mediatorTelegramId: o.mediator.user.telegramId, mediatorLocale: preferredLocale(o.mediator.user.locale, o.mediator.user.telegramLanguage),
  };
}

/** What both acceptance messages need about the request, its citizen and its mediator. */
const acceptanceSelect = {
  code: true, mode: true, contactName: true, contactPhone: true,
  citizen: { select: { telegramId: true, locale: true, telegramLanguage: true } },
  mediator: { select: { id: true, fullName: true, kind: true, languages: true, phone: true, user: { select: { telegramId: true, locale: true, telegramLanguage: true } } } },
} as const;

/** The recipient's language by the one rule (chosen, else Telegram's when spoken); null: the default. */
const localeOf = (u: { locale: string | null; telegramLanguage: string | null }) => preferredLocale(u.locale, u.telegramLanguage);

type AcceptanceRow = Prisma.MediationRequestGetPayload<{ select: typeof acceptanceSelect }>;

function toAcceptance(requestId: number, r: AcceptanceRow): Acceptance {
  const m = r.mediator!;
  return {
    requestId, requestCode: r.code, mode: r.mode as SessionMode,
    citizen: { telegramId: citizenOrErased(r.citizen).telegramId, name: r.contactName, phone: r.contactPhone, locale: localeOf(citizenOrErased(r.citizen)) },
    mediator: {
      id: m.id, telegramId: m.user.telegramId, fullName: m.fullName, kind: (MEDIATOR_KINDS as readonly string[]).includes(m.kind) ? (m.kind as "public") : "professional", // never promise "free" for an unknown kind
      languages: parseList(m.languages, SESSION_LANGUAGES), phone: m.phone, locale: localeOf(m.user),
    },
  };
}

/** Thrown inside the accept transaction to roll back our offer's acceptance when another one won. */
class TakenError extends Error {}
/** Thrown when our own offer was answered meanwhile (a double tap on two devices). */
class AnsweredError extends Error {}

