// TermCheck rows as a queue (src/domain/term-checks.ts), claimed exactly like the reminders
// (reminder-repository.ts): a conditional updateMany per row (pending → sending), so of several callers — two
// job runs at once, two instances, SQLite or PostgreSQL — exactly one sees count 1 and sends. A row left in
// "sending" by a crashed instance is claimed again after STALE_SENDING_MS. Answers and follow-up cases check
// who may do them in the write itself.
import { MAX_REASKS, type CheckRecipient, type TermAnswer, type TermParty } from "../../domain/agreement.js";
import { STALE_SENDING_MS } from "../../domain/reminder-queue.js";
import { generateRequestCode } from "../../domain/request-code.js";
import { FINAL_STATUSES } from "../../domain/request-lifecycle.js";
import {
  FOLLOW_UP_ANSWERS, MAX_TERM_CHECK_ATTEMPTS,
  type Addressee, type AnswerResult, type ClaimedTermCheck, type FollowUpResult, type TermCheckRepository, type TermSummary,
} from "../../domain/term-checks.js";
import type { PrismaClient } from "../client.js";

const DEFAULT_LIMIT = 100;
const ERROR_LENGTH = 500;
const DAY_MS = 24 * 3_600_000;

const selectDue = { id: true, termId: true, recipient: true, round: true, dueAt: true, attempts: true, claimedAt: true } as const;
const termSelect = { position: true, party: true, action: true, voiceFileId: true, dueDate: true, amountTenge: true } as const;
const personSelect = { id: true, telegramId: true, locale: true, telegramLanguage: true, blockedAt: true, erasedAt: true } as const;

type TermRow = { position: number; party: string; action: string | null; voiceFileId: string | null; dueDate: string | null; amountTenge: number | null };
type PersonRow = { id: number; telegramId: bigint; locale: string | null; telegramLanguage: string | null; blockedAt: Date | null; erasedAt: Date | null };

function toSummary(t: TermRow): TermSummary {
  return { position: t.position, party: t.party as TermParty, action: t.action, spoken: t.action === null && t.voiceFileId !== null, dueDate: t.dueDate, amountTenge: t.amountTenge };
}

const addressee = (p: PersonRow): Addressee => ({ telegramId: p.telegramId, locale: p.locale, telegramLanguage: p.telegramLanguage });
/** Erased terms keep their row (statistics count them) but lose their text and voice. */
const termErased = (t: TermRow) => t.action === null && t.voiceFileId === null;

/** The user behind a recipient role of a request: citizen → citizenId; other_party → the joined other party. */
function recipientId(recipient: string, request: { citizenId: number | null; otherPartyUserId: number | null }): number | null {
  return recipient === "citizen" ? request.citizenId : recipient === "other_party" ? request.otherPartyUserId : null;
}

export function createTermCheckRepository(prisma: PrismaClient): TermCheckRepository {
  const finish = async (id: number, data: { status: string; sentAt?: Date; lastError?: string }) => {
    // Only the claimer's "sending" row is finished; a row answered or finished meanwhile stays as it is.
    await prisma.termCheck.updateMany({ where: { id, status: "sending" }, data });
  };

  async function createFollowUp(requestId: number, userId: number, now: Date): Promise<FollowUpResult> {
    return prisma.$transaction(async (tx) => {
      // The first case's row is written first: concurrent taps (two devices, two instances) queue here, so the
      // "one open follow-up per case and person" check below sees the other's commit.
      const locked = await tx.mediationRequest.updateMany({ where: { id: requestId }, data: { updatedAt: now } });
      if (locked.count === 0) return { ok: false, reason: "not-found" } as const;
      const first = await tx.mediationRequest.findUniqueOrThrow({
        where: { id: requestId },
        select: {
          code: true, citizenId: true, otherPartyUserId: true, category: true, rayonCode: true, mode: true, sessionLanguage: true, costPreference: true,
          inCourt: true, otherParty: true, contactName: true, contactPhone: true, mediatorId: true,
        },
      });
      const role: CheckRecipient | null = first.citizenId === userId ? "citizen" : first.otherPartyUserId === userId ? "other_party" : null;
      // Someone else's case reads as not found (never says whose).
      if (role === null) return { ok: false, reason: "not-found" } as const;
      const reason = await tx.termCheck.count({ where: { recipient: role, answer: { in: [...FOLLOW_UP_ANSWERS] }, term: { requestId } } });
      if (reason === 0) return { ok: false, reason: "no-reason" } as const;
      const open = await tx.mediationRequest.findFirst({
        where: { followUpOfId: requestId, citizenId: userId, status: { notIn: [...FINAL_STATUSES] } },
        orderBy: { id: "desc" },
        select: { id: true, code: true },
      });
      if (open) return { ok: true, created: false, requestId: open.id, code: open.code, firstCode: first.code, firstMediatorId: first.mediatorId } as const;
      const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { firstName: true } });
      const created = await tx.mediationRequest.create({
        data: {
          code: generateRequestCode(),
          citizenId: userId,
          followUpOfId: requestId,
          status: "submitted",
          category: first.category,
          // No description: the mediator knows the case; the offer card says whose follow-up it is.
          description: null,
          otherParty: first.otherParty,
          otherPartyAware: "knows",
          inCourt: first.inCourt,
          costPreference: first.costPreference,
          rayonCode: first.rayonCode,
          mode: first.mode,
          sessionLanguage: first.sessionLanguage,
          // The first case's citizen keeps the contact they gave; the other party is known by their Telegram name.
          contactName: role === "citizen" ? first.contactName : user.firstName,
          contactPhone: role === "citizen" ? first.contactPhone : null,
          consentAt: now,
          submittedAt: now,
        },
        select: { id: true, code: true },
      });
      await tx.requestStatusChange.create({ data: { requestId: created.id, fromStatus: null, toStatus: "submitted", actorId: userId, actorRole: "citizen", createdAt: now } });
      return { ok: true, created: true, requestId: created.id, code: created.code, firstCode: first.code, firstMediatorId: first.mediatorId } as const;
    });
  }

  return {
    async claimDue(now, limit = DEFAULT_LIMIT) {
      const [due, stale] = await Promise.all([
        prisma.termCheck.findMany({ where: { status: "pending", dueAt: { lte: now } }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: limit, select: selectDue }),
        // A crash between claim and mark leaves the row in "sending": taken again after STALE_SENDING_MS.
        prisma.termCheck.findMany({
          where: { status: "sending", dueAt: { lte: now }, claimedAt: { lt: new Date(now.getTime() - STALE_SENDING_MS) } },
          orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: limit, select: selectDue,
        }),
      ]);
      const won: ClaimedTermCheck[] = [];
      for (const row of [...stale, ...due].slice(0, limit)) {
        const reclaim = row.claimedAt !== null;
        if (reclaim && row.attempts >= MAX_TERM_CHECK_ATTEMPTS) {
          await prisma.termCheck.updateMany({
            where: { id: row.id, status: "sending", claimedAt: row.claimedAt },
            data: { status: "missed", lastError: "gave up: the sending instance stopped repeatedly" },
          });
          continue;
        }
        // The claim: conditional on the state we read (for a reclaim, on the stale claim time itself).
        const claimed = await prisma.termCheck.updateMany({
          where: reclaim ? { id: row.id, status: "sending", claimedAt: row.claimedAt } : { id: row.id, status: "pending" },
          data: { status: "sending", claimedAt: now, attempts: { increment: 1 } },
        });
        if (claimed.count === 1) {
          won.push({ id: row.id, termId: row.termId, recipient: row.recipient as CheckRecipient, round: row.round, dueAt: row.dueAt, attempts: row.attempts + 1 });
        }
      }
      return won;
    },

    markSent: (id, now) => finish(id, { status: "sent", sentAt: now }),
    markCancelled: (id, _now, reason) => finish(id, { status: "cancelled", ...(reason ? { lastError: reason.slice(0, ERROR_LENGTH) } : {}) }),
    markMissed: (id, _now, reason) => finish(id, { status: "missed", ...(reason ? { lastError: reason.slice(0, ERROR_LENGTH) } : {}) }),

    async markFailed(id, error) {
      const lastError = error.slice(0, ERROR_LENGTH);
      const gaveUp = await prisma.termCheck.updateMany({ where: { id, status: "sending", attempts: { gte: MAX_TERM_CHECK_ATTEMPTS } }, data: { status: "missed", lastError } });
      if (gaveUp.count === 1) return "missed";
      const retry = await prisma.termCheck.updateMany({ where: { id, status: "sending" }, data: { status: "pending", claimedAt: null, lastError } });
      return retry.count === 1 ? "pending" : "unchanged";
    },

    async question(checkId) {
      const row = await prisma.termCheck.findUnique({
        where: { id: checkId },
        select: {
          id: true, round: true, recipient: true,
          term: { select: { ...termSelect, request: { select: { code: true, citizen: { select: personSelect }, otherPartyUser: { select: personSelect } } } } },
        },
      });
      if (!row) return { cancel: "not-found" };
      const request = row.term.request;
      const person = row.recipient === "citizen" ? request.citizen : row.recipient === "other_party" ? request.otherPartyUser : null;
      if (!person || person.erasedAt !== null || person.blockedAt !== null) return { cancel: "recipient-gone" };
      if (termErased(row.term)) return { cancel: "term-erased" };
      return { cancel: null, checkId: row.id, round: row.round, requestCode: request.code, recipient: addressee(person), term: toSummary(row.term) };
    },

    async answer(checkId, userId, answer: TermAnswer, now, recheckDays): Promise<AnswerResult> {
      return prisma.$transaction(async (tx) => {
        const row = await tx.termCheck.findUnique({
          where: { id: checkId },
          select: {
            termId: true, recipient: true, round: true,
            term: {
              select: {
                ...termSelect, requestId: true,
                request: {
                  select: {
                    code: true, citizenId: true, otherPartyUserId: true,
                    mediator: { select: { status: true, user: { select: personSelect } } },
                  },
                },
              },
            },
          },
        });
        // Not the tapper's question (or no such question): not found, never whose.
        if (!row || recipientId(row.recipient, row.term.request) !== userId) return { ok: false, reason: "not-found" } as const;
        // The write is conditional on the state that allows it: a second tap, or a tap on two devices, finds the
        // row answered and changes nothing. "sending" counts: the message may be out before the row says "sent".
        const answered = await tx.termCheck.updateMany({
          where: { id: checkId, status: { in: ["sent", "sending"] }, answer: null },
          data: { status: "answered", answer, answeredAt: now },
        });
        if (answered.count === 0) {
          // Read again: what we read first may predate a concurrent tap that answered it meanwhile.
          const current = await tx.termCheck.findUnique({ where: { id: checkId }, select: { status: true, answer: true } });
          return { ok: false, reason: current && (current.answer !== null || current.status === "answered") ? "already" : "not-asked" } as const;
        }
        let nextDueAt: Date | null = null;
        // Round 1 is the first question; "not yet" asks again at most MAX_REASKS times (rounds 2 and 3).
        if (answer === "not_yet" && row.round <= MAX_REASKS) {
          nextDueAt = new Date(now.getTime() + recheckDays * DAY_MS);
          await tx.termCheck.create({ data: { termId: row.termId, recipient: row.recipient, round: row.round + 1, dueAt: nextDueAt, status: "pending" } });
        }
        // Only an active mediator hears about the case (a suspended one's cases are the operators' now).
        const m = row.term.request.mediator?.status === "active" ? row.term.request.mediator.user : undefined;
        return {
          ok: true,
          nextDueAt,
          notice: {
            requestId: row.term.requestId, requestCode: row.term.request.code, recipient: row.recipient as CheckRecipient, answer,
            term: toSummary(row.term),
            mediator: m && m.erasedAt === null && m.blockedAt === null ? addressee(m) : null,
          },
        } as const;
      });
    },

    async openFollowUpCase(requestId, userId, now) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await createFollowUp(requestId, userId, now);
        } catch (error) {
          // A request code collision (P2002 on `code`) is retried with a fresh code; anything else is real.
          if ((error as { code?: string }).code !== "P2002" || attempt >= 4) throw error;
        }
      }
    },
  };
}
