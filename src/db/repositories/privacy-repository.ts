// /mydata and /deletedata on the database. Which columns are personal is listed, column by column, in
// personal-data-columns.ts; test/db/free-text-columns.test.ts checks that list against the schema and checks
// that every "erased" column is exported here and gone after eraseFor.
import { CANCEL_REASONS } from "../../domain/appointments.js";
import { DECLINE_REASONS } from "../../domain/offers.js";
import { requireOperator, type OperatorCheck } from "../../domain/operator-guard.js";
import type { AgreementTermExport, AppointmentExport, MediatorProfileExport, OperatorEraseResult, PersonalDataExport, PrivacyRepository } from "../../domain/privacy.js";
import { citizenCanCancel, isRequestStatus } from "../../domain/request-lifecycle.js";
import type { Prisma } from "../../generated/sqlite/client.js";
import type { PrismaClient } from "../client.js";
import { blankedColumns } from "./personal-data-columns.js";

type Tx = Prisma.TransactionClient;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Storage keys of the person's conversation and session state (the chat id of a private chat is the user's id). */
const storageKeys = (telegramId: bigint) => [`conversation:${telegramId}`, `session:${telegramId}`];

const appointmentSelect = {
  status: true, mode: true, place: true, startsAt: true, outcome: true, rating: true, ratingComment: true, cancelledBy: true, cancelReason: true,
} as const;

type AppointmentRow = { status: string; mode: string; place: string | null; startsAt: Date | null; outcome: string | null; rating: number | null; ratingComment: string | null; cancelledBy: string | null; cancelReason: string | null };

/** The citizen's view: a cancel reason is theirs only when their side cancelled. */
const citizenAppointment = (a: AppointmentRow): AppointmentExport => ({
  status: a.status, mode: a.mode, place: a.place, startsAt: iso(a.startsAt), outcome: a.outcome, rating: a.rating, ratingComment: a.ratingComment,
  cancelledBy: a.cancelledBy, cancelReason: a.cancelledBy === "citizen" ? a.cancelReason : null,
});

const termSelect = {
  position: true, party: true, action: true, voiceFileId: true, dueDate: true, amountTenge: true,
} as const;

/** The terms of the person's cases, each with the person's own answers (asked of them as `as`). */
async function exportAgreements(prisma: PrismaClient, userId: number): Promise<PersonalDataExport["agreements"]> {
  const cases = await prisma.mediationRequest.findMany({
    where: { OR: [{ citizenId: userId }, { otherPartyUserId: userId }], agreementTerms: { some: {} } },
    orderBy: { id: "asc" },
    select: {
      code: true, citizenId: true,
      agreementTerms: {
        orderBy: [{ appointmentId: "asc" }, { position: "asc" }],
        select: { ...termSelect, checks: { orderBy: { round: "asc" }, select: { recipient: true, round: true, status: true, answer: true, answeredAt: true } } },
      },
    },
  });
  return cases.map((r) => {
    const as = r.citizenId === userId ? "citizen" as const : "other_party" as const;
    const terms = r.agreementTerms.map(({ checks, voiceFileId, ...t }): AgreementTermExport => ({
      position: t.position, party: t.party, action: t.action, hasVoice: voiceFileId !== null, dueDate: t.dueDate, amountTenge: t.amountTenge,
      answers: checks.filter((c) => c.recipient === as).map((c) => ({ round: c.round, status: c.status, answer: c.answer, answeredAt: iso(c.answeredAt) })),
    }));
    return { requestCode: r.code, as, terms };
  });
}

/** What erasure does to the terms of a set of cases: the words, the voice and the amount go; party, date and answers stay as counts. */
const blankTerms = { ...blankedColumns("AgreementTerm"), voiceDuration: null, amountTenge: null };

async function exportMediator(prisma: PrismaClient, userId: number): Promise<MediatorProfileExport | null> {
  const m = await prisma.mediator.findUnique({
    where: { userId },
    select: {
      id: true, fullName: true, kind: true, registryNumber: true, phone: true, bio: true, status: true, languages: true, specializations: true,
      modes: true, maxOpenCases: true, decisionReason: true, rayons: { select: { rayonCode: true }, orderBy: { rayonCode: "asc" } },
    },
  });
  if (!m) return null;
  const [declined, meetings, invite, spoken] = await Promise.all([
    prisma.offer.findMany({ where: { mediatorId: m.id, status: "declined" }, orderBy: { id: "asc" }, select: { respondedAt: true, declineReason: true, request: { select: { code: true } } } }),
    prisma.appointment.findMany({ where: { request: { mediatorId: m.id } }, orderBy: { id: "asc" }, select: { ...appointmentSelect, request: { select: { code: true } } } }),
    prisma.mediatorInvite.findUnique({ where: { mediatorId: m.id }, select: { fullName: true, phone: true, registryNumber: true, kind: true, status: true, joinedAt: true } }),
    prisma.agreementTerm.findMany({
      where: { request: { mediatorId: m.id }, voiceFileId: { not: null } }, orderBy: [{ requestId: "asc" }, { position: "asc" }],
      select: { position: true, dueDate: true, request: { select: { code: true } } },
    }),
  ]);
  const { id: _id, rayons, ...profile } = m;
  return {
    ...profile,
    rayonCodes: rayons.map((r) => r.rayonCode),
    declinedOffers: declined.map((o) => ({ requestCode: o.request.code, declinedAt: iso(o.respondedAt), reason: o.declineReason })),
    meetings: meetings.map((a) => ({
      requestCode: a.request.code, status: a.status, mode: a.mode, startsAt: iso(a.startsAt), place: a.place, cancelReason: a.cancelledBy === "mediator" ? a.cancelReason : null,
    })),
    registerInvite: invite ? { ...invite, joinedAt: iso(invite.joinedAt) } : null,
    spokenTerms: spoken.map((t) => ({ requestCode: t.request.code, position: t.position, dueDate: t.dueDate })),
  };
}

/** Cancels the person's open requests (nobody could contact them any more); the history row names no one. */
async function cancelOpen(tx: Tx, requests: Array<{ id: number; status: string }>, now: Date): Promise<number> {
  let cancelled = 0;
  for (const r of requests) {
    if (!isRequestStatus(r.status) || !citizenCanCancel(r.status)) continue;
    await tx.mediationRequest.update({ where: { id: r.id }, data: { status: "cancelled", closedAt: now } });
    await tx.offer.updateMany({ where: { requestId: r.id, status: "pending" }, data: { status: "withdrawn", respondedAt: now } });
    await tx.requestStatusChange.create({ data: { requestId: r.id, fromStatus: r.status, toStatus: "cancelled", actorId: null, actorRole: "citizen", createdAt: now } });
    cancelled++;
  }
  return cancelled;
}

/** The person's own requests: typed text blanked, meeting notes gone, reminders to them stopped, and unlinked. */
async function eraseOwnRequests(tx: Tx, userId: number, ids: number[]): Promise<void> {
  const mine = { requestId: { in: ids } };
  await tx.mediationRequest.updateMany({ where: { id: { in: ids } }, data: { ...blankedColumns("MediationRequest"), voiceDuration: null } });
  await tx.appointment.updateMany({ where: mine, data: { place: null, ratingComment: null } });
  // Typed words of a cancellation by this side; the reason buttons' codes stay as statistics.
  await tx.appointment.updateMany({ where: { ...mine, cancelledBy: "citizen", cancelReason: { notIn: [...CANCEL_REASONS] } }, data: { cancelReason: null } });
  await tx.reminder.updateMany({ where: { ...mine, recipient: "citizen", status: "pending" }, data: { status: "cancelled" } });
  // The agreements of their cases lose their words (for both sides: the terms name what each promised); no more
  // "Was this done?" is sent to them, and the answers already given stay as anonymous counts.
  await tx.agreementTerm.updateMany({ where: mine, data: blankTerms });
  await tx.termCheck.updateMany({ where: { term: mine, recipient: "citizen", status: "pending" }, data: { status: "cancelled" } });
  // Anonymous statistics: the rows stay (category, rayon, status, dates) but no longer point to the person.
  await tx.mediationRequest.updateMany({ where: { id: { in: ids }, citizenId: userId }, data: { citizenId: null } });
}

/** The mediator profile loses its personal fields and stops receiving requests, and so does what they typed elsewhere. */
async function eraseMediator(tx: Tx, userId: number, now: Date): Promise<void> {
  const mediator = await tx.mediator.findUnique({ where: { userId }, select: { id: true } });
  if (!mediator) return;
  const mediatorId = mediator.id;
  await tx.mediator.update({ where: { id: mediatorId }, data: { ...blankedColumns("Mediator"), status: "suspended", paused: true } });
  // An offer waiting for this mediator is due at once, so the expiry job hands the request to the next candidate.
  await tx.offer.updateMany({ where: { mediatorId, status: "pending" }, data: { expiresAt: now } });
  await tx.offer.updateMany({ where: { mediatorId, declineReason: { notIn: [...DECLINE_REASONS] } }, data: { declineReason: null } });
  const theirCases = { request: { mediatorId } };
  await tx.appointment.updateMany({ where: theirCases, data: { place: null } });
  await tx.appointment.updateMany({ where: { ...theirCases, cancelledBy: "mediator", cancelReason: { notIn: [...CANCEL_REASONS] } }, data: { cancelReason: null } });
  await tx.reminder.updateMany({ where: { ...theirCases, recipient: "mediator", status: "pending" }, data: { status: "cancelled" } });
  // Terms they spoke are their voice; typed terms are the parties' agreement and stay with the parties.
  await tx.agreementTerm.updateMany({ where: { ...theirCases, voiceFileId: { not: null } }, data: { voiceFileId: null, voiceDuration: null } });
  // P1: the register entry they joined through no longer lists them by name and phone.
  await tx.mediatorInvite.updateMany({ where: { mediatorId }, data: blankedColumns("MediatorInvite") });
}

/** Everything else that points to the person: other people's cases, links, deliveries, stored state, their own row. */
async function eraseTraces(tx: Tx, userId: number, telegramId: bigint, now: Date): Promise<void> {
  // As the invited other party of someone else's case: unlinked, and no more reminders to them.
  const invitedTo = (await tx.mediationRequest.findMany({ where: { otherPartyUserId: userId }, select: { id: true } })).map((r) => r.id);
  if (invitedTo.length > 0) {
    await tx.mediationRequest.updateMany({ where: { id: { in: invitedTo } }, data: { otherPartyUserId: null } });
    await tx.reminder.updateMany({ where: { requestId: { in: invitedTo }, recipient: "other_party", status: "pending" }, data: { status: "cancelled" } });
    await tx.agreementTerm.updateMany({ where: { requestId: { in: invitedTo } }, data: blankTerms });
    await tx.termCheck.updateMany({ where: { term: { requestId: { in: invitedTo } }, recipient: "other_party", status: "pending" }, data: { status: "cancelled" } });
  }
  // Requests they filed for someone who has claimed them belong to that person now; the filer is unlinked.
  await tx.mediationRequest.updateMany({ where: { assistedById: userId, claimedAt: { not: null } }, data: { assistedById: null } });
  await tx.requestStatusChange.updateMany({ where: { actorId: userId }, data: { actorId: null } });
  await tx.invitation.updateMany({ where: { usedById: userId }, data: { usedById: null } });
  await tx.invitation.updateMany({ where: { createdById: userId }, data: { createdById: null } });
  await tx.deepLinkStart.updateMany({ where: { userId }, data: { userId: null } });
  // A claim is the citizen's own act and names the request; staff actions stay in the audit trail.
  await tx.auditEntry.updateMany({ where: { actorId: userId, action: "request.claimed" }, data: { actorId: null } });
  // Broadcast rows being sent at this very moment are left to the sender, which finishes them.
  await tx.broadcastDelivery.deleteMany({ where: { userId, status: { notIn: ["claimed", "sending"] } } });
  // A conversation in progress (an unfinished intake) holds the same kind of data.
  await tx.storageEntry.deleteMany({ where: { key: { in: storageKeys(telegramId) } } });
  await tx.user.update({ where: { id: userId }, data: { ...blankedColumns("User"), erasedAt: now } });
}

/**
 * One request erased by an operator (the assisted consent text promises it): cancelled if still open, every
 * typed or identifying column of it and of its meetings blanked, and unlinked from citizen, filer and other party.
 */
async function eraseRequest(tx: Tx, requestId: number, actorUserId: number, now: Date): Promise<OperatorEraseResult> {
  const row = await tx.mediationRequest.findUnique({ where: { id: requestId }, select: { code: true, status: true } });
  if (!row) return { ok: false, reason: "not-found" };
  let cancelled = false;
  if (isRequestStatus(row.status) && citizenCanCancel(row.status)) {
    // Conditional on the status read: a concurrent change leaves this one a plain erasure of a finished request.
    const changed = await tx.mediationRequest.updateMany({ where: { id: requestId, status: row.status }, data: { status: "cancelled", closedAt: now } });
    if (changed.count > 0) {
      cancelled = true;
      await tx.offer.updateMany({ where: { requestId, status: "pending" }, data: { status: "withdrawn", respondedAt: now } });
      await tx.appointment.updateMany({ where: { requestId, status: { in: ["proposed", "confirmed"] } }, data: { status: "cancelled", cancelledAt: now, cancelledBy: "operator" } });
      await tx.requestStatusChange.create({ data: { requestId, fromStatus: row.status, toStatus: "cancelled", actorId: actorUserId, actorRole: "operator", createdAt: now } });
    }
  }
  // Nobody is linked any more, so no reminder of this request can reach anyone.
  await tx.reminder.updateMany({ where: { requestId, status: "pending" }, data: { status: "cancelled" } });
  await tx.termCheck.updateMany({ where: { term: { requestId }, status: "pending" }, data: { status: "cancelled" } });
  await tx.agreementTerm.updateMany({ where: { requestId }, data: blankTerms });
  await tx.mediationRequest.update({
    where: { id: requestId },
    data: { ...blankedColumns("MediationRequest"), voiceDuration: null, claimCode: null, citizenId: null, assistedById: null, otherPartyUserId: null },
  });
  await tx.appointment.updateMany({ where: { requestId }, data: { place: null, cancelReason: null, ratingComment: null } });
  await tx.auditEntry.create({
    data: { actorId: actorUserId, action: "request.erased_by_operator", targetType: "request", targetId: String(requestId), details: JSON.stringify({ code: row.code, cancelled }), createdAt: now },
  });
  return { ok: true, code: row.code, cancelled };
}

/** `operators` decides who may erase a request (eraseRequestByOperator); without it, nobody may. */
export function createPrivacyRepository(prisma: PrismaClient, operators: OperatorCheck = { isOperator: async () => false }): PrivacyRepository {
  return {
    async eraseRequestByOperator(requestId, actor, now) {
      await requireOperator(operators, actor);
      return prisma.$transaction((tx) => eraseRequest(tx, requestId, actor.userId, now));
    },

    async exportFor(telegramId) {
      const user = await prisma.user.findUnique({
        where: { telegramId },
        select: {
          id: true, telegramId: true, firstName: true, lastName: true, locale: true, telegramLanguage: true, preferredRayonCode: true,
          startedAt: true, blockedAt: true, erasedAt: true,
          requests: {
            orderBy: { submittedAt: "asc" },
            select: {
              code: true, status: true, category: true, rayonCode: true, submittedAt: true, consentAt: true, closedAt: true,
              description: true, voiceFileId: true, otherParty: true, otherPartyAware: true, inCourt: true, mode: true,
              sessionLanguage: true, costPreference: true, contactName: true, contactPhone: true,
              statusChanges: { orderBy: { id: "asc" }, select: { fromStatus: true, toStatus: true, actorRole: true, createdAt: true } },
              appointments: { orderBy: { id: "asc" }, select: appointmentSelect },
            },
          },
          invitedTo: { orderBy: { id: "asc" }, select: { code: true, category: true, otherPartyStatus: true, otherPartyAnsweredAt: true } },
        },
      });
      if (!user) return null;
      const [mediator, stored, agreements] = await Promise.all([
        exportMediator(prisma, user.id),
        prisma.storageEntry.findMany({ where: { key: { in: storageKeys(telegramId) } }, orderBy: { key: "asc" }, select: { key: true, value: true } }),
        exportAgreements(prisma, user.id),
      ]);
      return {
        mediator,
        user: {
          telegramId: user.telegramId.toString(), firstName: user.firstName, lastName: user.lastName, locale: user.locale, telegramLanguage: user.telegramLanguage,
          preferredRayonCode: user.preferredRayonCode, startedAt: user.startedAt.toISOString(), blockedAt: iso(user.blockedAt), erasedAt: iso(user.erasedAt),
        },
        requests: user.requests.map(({ voiceFileId, statusChanges, appointments, submittedAt, consentAt, closedAt, ...r }) => ({
          ...r,
          submittedAt: submittedAt.toISOString(),
          consentAt: consentAt.toISOString(),
          closedAt: iso(closedAt),
          hasVoice: voiceFileId !== null,
          history: statusChanges.map((c) => ({ from: c.fromStatus, to: c.toStatus, by: c.actorRole, at: c.createdAt.toISOString() })),
          appointments: appointments.map(citizenAppointment),
        })),
        invitedTo: user.invitedTo.map((r) => ({ code: r.code, category: r.category, answer: r.otherPartyStatus, answeredAt: iso(r.otherPartyAnsweredAt) })),
        agreements,
        storedState: stored,
      };
    },

    async eraseFor(telegramId, now) {
      return prisma.$transaction(async (tx) => {
        const user = await tx.user.findUnique({ where: { telegramId }, select: { id: true } });
        if (!user) return { cancelledRequests: 0, keptRequests: 0 };
        // Requests this person filed for someone else and nobody has claimed yet are that other person's: they
        // are neither cancelled, blanked nor unlinked here (explicit ORs: a NULL assistedById must count as "not filed").
        const own = { citizenId: user.id, OR: [{ assistedById: null }, { assistedById: { not: user.id } }, { claimedAt: { not: null } }] };
        const requests = await tx.mediationRequest.findMany({ where: own, select: { id: true, status: true } });
        const cancelled = await cancelOpen(tx, requests, now);
        await eraseOwnRequests(tx, user.id, requests.map((r) => r.id));
        await eraseMediator(tx, user.id, now);
        await eraseTraces(tx, user.id, telegramId, now);
        return { cancelledRequests: cancelled, keptRequests: requests.length };
      });
    },
  };
}
