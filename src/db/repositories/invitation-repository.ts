// Invitations of the other party and their answer (src/domain/invitations.ts). A code is used up by a
// conditional update (active and not expired → used), so of two taps, two devices or two instances exactly
// one answer counts. Refusals towards the person holding a link never say why (expired, used, revoked, unknown).
import {
  canInvite, canRecordAnswer, invitationCost, partyLocale, invitationExpiresAt, invitationState, isOtherPartyStatus, otherPartyReminders, statusAfterIssue,
  mayAskQuestion, type AnswerChannel, type AnswerResult, type InvitationRepository, type OtherPartyAnswer, type OtherPartyCase, type Party, type QuestionCaps,
} from "../../domain/invitations.js";
import { generateLinkCode } from "../../domain/deep-link.js";
import { localDate, planReminders } from "../../domain/scheduling.js";
import type { Prisma } from "../../generated/sqlite/client.js";
import type { PrismaClient } from "../client.js";
import { citizenOrErased } from "./erased-citizen.js";

type Tx = Prisma.TransactionClient;

const partySelect = { id: true, telegramId: true, locale: true, telegramLanguage: true } as const;
const toParty = (u: { id: number; telegramId: bigint; locale: string | null; telegramLanguage: string | null }): Party =>
  ({ userId: u.id, telegramId: u.telegramId, locale: partyLocale(u.locale, u.telegramLanguage) });

const caseSelect = {
  id: true, code: true, status: true, category: true, otherParty: true, otherPartyStatus: true, otherPartyAnswerVia: true, otherPartyUserId: true,
  citizen: { select: partySelect },
  mediator: { select: { user: { select: partySelect } } },
} as const;

/** Rolls a transaction back with a result code. */
class Refused extends Error {
  constructor(readonly reason: Extract<AnswerResult, { ok: false }>["reason"]) {
    super(reason);
  }
}

async function refusable(work: Promise<AnswerResult>): Promise<AnswerResult> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof Refused) return { ok: false, reason: error.reason };
    throw error;
  }
}

/** Defaults of INVITATION_QUESTIONS_PER_LINK and INVITATION_QUESTIONS_PER_DAY (src/config.ts). */
const DEFAULT_QUESTION_CAPS: QuestionCaps = { perLink: 3, perDay: 2, timeZone: "Asia/Almaty" };

export function createInvitationRepository(prisma: PrismaClient, caps: QuestionCaps = DEFAULT_QUESTION_CAPS): InvitationRepository {
  /** Stores the answer on the request; a Telegram "agreed" joins the person to a confirmed meeting's reminders. */
  async function applyAnswer(tx: Tx, requestId: number, answer: OtherPartyAnswer, via: AnswerChannel, otherPartyUserId: number | null, now: Date) {
    await tx.mediationRequest.update({
      where: { id: requestId },
      data: { otherPartyStatus: answer, otherPartyAnswerVia: via, otherPartyAnsweredAt: now, otherPartyUserId },
    });
    // Links are no longer needed once an answer is known.
    await tx.invitation.updateMany({ where: { requestId, status: "active" }, data: { status: "revoked", revokedAt: now } });
    const confirmed = await tx.appointment.findFirst({
      where: { requestId, status: "confirmed", startsAt: { gt: now } }, orderBy: { id: "desc" }, select: { id: true, startsAt: true, durationMinutes: true },
    });
    await tx.reminder.updateMany({ where: { requestId, recipient: "other_party", status: "pending" }, data: { status: "cancelled" } });
    if (confirmed && otherPartyUserId !== null && answer === "agreed") {
      const rows = otherPartyReminders(planReminders(confirmed.startsAt!, confirmed.durationMinutes, now));
      await tx.reminder.createMany({ data: rows.map((r) => ({ requestId, appointmentId: confirmed.id, kind: r.kind, recipient: r.recipient, dueAt: r.dueAt, status: "pending" })) });
    }
    return confirmed && answer === "agreed" ? confirmed.id : null;
  }

  async function loadCase(tx: Tx | PrismaClient, where: { id: number } | { code: string }) {
    return tx.mediationRequest.findUnique({ where, select: caseSelect });
  }

  function noticeOf(row: NonNullable<Awaited<ReturnType<typeof loadCase>>>, answer: OtherPartyAnswer, via: AnswerChannel, appointmentId: number | null) {
    return {
      requestId: row.id, requestCode: row.code, status: answer, via,
      citizen: toParty(citizenOrErased(row.citizen)), mediator: row.mediator ? toParty(row.mediator.user) : null, confirmedAppointmentId: appointmentId,
    };
  }

  const repository: InvitationRepository = {
    async issue(requestId, citizenId, now) {
      return prisma.$transaction(async (tx) => {
        const request = await tx.mediationRequest.findFirst({
          where: { id: requestId, citizenId }, select: {
            code: true, status: true, category: true, otherPartyStatus: true, contactName: true, costPreference: true,
            citizen: { select: { firstName: true } }, mediator: { select: { kind: true } },
          },
        });
        if (!request) return { ok: false as const, reason: "not-found" as const };
        if (request.otherPartyStatus === "agreed") return { ok: false as const, reason: "agreed" as const };
        if (!canInvite(request.status, request.otherPartyStatus)) return { ok: false as const, reason: "closed" as const };
        await tx.invitation.updateMany({ where: { requestId, status: "active" }, data: { status: "revoked", revokedAt: now } });
        const code = generateLinkCode();
        const expiresAt = invitationExpiresAt(now);
        await tx.invitation.create({ data: { requestId, code, status: "active", expiresAt, createdById: citizenId } });
        await tx.mediationRequest.update({ where: { id: requestId }, data: { otherPartyStatus: statusAfterIssue(request.otherPartyStatus) } });
        // The first word of the name the citizen gave (or their Telegram first name): never a surname or phone.
        const inviterFirstName = (request.contactName ?? "").trim().split(/\s+/)[0] || citizenOrErased(request.citizen).firstName;
        return { ok: true as const, code, expiresAt, requestCode: request.code, category: request.category, inviterFirstName, cost: invitationCost(request.costPreference, request.mediator?.kind ?? null) };
      });
    },

    async open(code, userId, now) {
      const row = await prisma.invitation.findUnique({
        where: { code },
        select: {
          id: true, status: true, expiresAt: true, requestId: true, questionCount: true, questionDay: true, questionDayCount: true,
          request: {
            select: {
              status: true, category: true, citizenId: true, contactName: true, otherPartyStatus: true, costPreference: true,
              citizen: { select: { firstName: true } }, mediator: { select: { kind: true } },
            },
          },
        },
      });
      if (!row || invitationState(row, now) !== "usable" || !canInvite(row.request.status, row.request.otherPartyStatus)) return { ok: false };
      const { request } = row;
      return {
        ok: true,
        preview: {
          invitationId: row.id, requestId: row.requestId, category: request.category, ownInvitation: request.citizenId === userId,
          cost: invitationCost(request.costPreference, request.mediator?.kind ?? null),
          canAsk: mayAskQuestion(row, caps, localDate(now, caps.timeZone)),
          inviterFirstName: (request.contactName ?? "").trim().split(/\s+/)[0] || citizenOrErased(request.citizen).firstName,
        },
      };
    },

    async answerByLink(code, userId, answer, now) {
      return refusable(prisma.$transaction(async (tx) => {
        const invitation = await tx.invitation.findUnique({ where: { code }, select: { id: true, status: true, expiresAt: true, requestId: true } });
        if (!invitation || invitationState(invitation, now) !== "usable") throw new Refused("invalid");
        const row = await loadCase(tx, { id: invitation.requestId });
        if (!row || !canInvite(row.status, row.otherPartyStatus)) throw new Refused("invalid");
        if (row.citizen?.id === userId) throw new Refused("own");
        if (!canRecordAnswer(row.otherPartyStatus, answer, "telegram")) throw new Refused("invalid");
        const used = await tx.invitation.updateMany({ where: { id: invitation.id, status: "active", expiresAt: { gt: now } }, data: { status: "used", usedById: userId, usedAt: now } });
        if (used.count === 0) throw new Refused("invalid");
        const otherPartyUserId = answer === "agreed" ? userId : null;
        const appointmentId = await applyAnswer(tx, row.id, answer, "telegram", otherPartyUserId, now);
        const me = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: partySelect });
        return { ok: true as const, notice: noticeOf(row, answer, "telegram", appointmentId), otherParty: toParty(me) };
      }));
    },

    async recordByStaff(requestId, actor, answer, via, now) {
      return refusable(prisma.$transaction(async (tx) => {
        const row = await loadCase(tx, { id: requestId });
        if (!row) throw new Refused("not-found");
        if (!actor.isOperator && row.mediator?.user.id !== actor.userId) throw new Refused("not-yours");
        if (!canInvite(row.status, "invited")) throw new Refused("closed");
        if (!canRecordAnswer(row.otherPartyStatus, answer, via)) throw new Refused("answered");
        // A person who agreed in Telegram keeps receiving the meeting only while the answer stays "agreed".
        const keepUser = answer === "agreed" ? row.otherPartyUserId : null;
        const appointmentId = await applyAnswer(tx, row.id, answer, via, keepUser, now);
        return { ok: true as const, notice: noticeOf(row, answer, via, keepUser === null ? null : appointmentId), otherParty: null };
      }));
    },

    async statusForCitizen(requestId, citizenId) {
      const row = await prisma.mediationRequest.findFirst({ where: { id: requestId, citizenId }, select: { otherPartyStatus: true } });
      if (!row) return null;
      return isOtherPartyStatus(row.otherPartyStatus) ? row.otherPartyStatus : "not_invited";
    },

    async findCase(ref) {
      const row = await loadCase(prisma, "id" in ref ? { id: ref.id } : { code: ref.code });
      if (!row) return null;
      return {
        requestId: row.id, code: row.code, status: row.status, category: row.category, otherParty: row.otherParty,
        otherPartyStatus: isOtherPartyStatus(row.otherPartyStatus) ? row.otherPartyStatus : "not_invited",
        otherPartyAnswerVia: (row.otherPartyAnswerVia as OtherPartyCase["otherPartyAnswerVia"]) ?? null,
        mediatorUserId: row.mediator?.user.id ?? null,
      };
    },

    async countQuestion(code, userId, now) {
      const opened = await repository.open(code, userId, now);
      if (!opened.ok || opened.preview.ownInvitation) return "invalid";
      const today = localDate(now, caps.timeZone);
      // Conditional updates: each counts only while under both caps, so two questions sent at once (two
      // devices, two instances) never pass a cap. First a question on a day that already has some, then the
      // first question of a new day (which restarts the day's count).
      const usable = { code, status: "active", expiresAt: { gt: now }, questionCount: { lt: caps.perLink } };
      const sameDay = await prisma.invitation.updateMany({
        where: { ...usable, questionDay: today, questionDayCount: { lt: caps.perDay } },
        data: { questionCount: { increment: 1 }, questionDayCount: { increment: 1 }, updatedAt: now },
      });
      if (sameDay.count > 0) return "counted";
      if (caps.perDay < 1) return "capped";
      const newDay = await prisma.invitation.updateMany({
        where: { ...usable, OR: [{ questionDay: null }, { questionDay: { not: today } }] },
        data: { questionCount: { increment: 1 }, questionDay: today, questionDayCount: 1, updatedAt: now },
      });
      return newDay.count > 0 ? "counted" : "capped";
    },

    async questionTarget(requestId) {
      const row = await loadCase(prisma, { id: requestId });
      return { requestCode: row?.code ?? "", mediator: row?.mediator ? toParty(row.mediator.user) : null };
    },
  };
  return repository;
}
