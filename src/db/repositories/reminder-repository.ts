// Reminder rows as a queue (src/domain/reminder-queue.ts). Claiming is a conditional updateMany per row
// (pending → sending): of several callers — two jobs at once, two instances, SQLite or PostgreSQL — exactly
// one sees count 1 for a row, so only one sends it. The due rows are found through @@index([status, dueAt]).
import {
  MAX_REMINDER_ATTEMPTS, STALE_SENDING_MS, STUCK_AFTER_MS,
  type ClaimedReminder, type ReminderQueue, type StuckCase,
} from "../../domain/reminder-queue.js";
import type { DueReminder } from "../../domain/reminders.js";
import { proposeNudgeDue } from "../../domain/scheduling.js";
import type { PrismaClient } from "../client.js";

const DEFAULT_LIMIT = 100;
const ERROR_LENGTH = 500;

/** Appointment statuses that mean the mediator did propose times (a cancelled one does not count). */
const PROPOSED_STATUSES = ["proposed", "confirmed", "completed"];

/** The row of the "propose times" nudge; also created inside the offer acceptance transaction. */
export function proposeNudgeRow(requestId: number, acceptedAt: Date) {
  return { requestId, kind: "nudge_propose", recipient: "mediator", dueAt: proposeNudgeDue(acceptedAt), status: "pending" };
}

const selectDue = { id: true, requestId: true, appointmentId: true, kind: true, recipient: true, dueAt: true, attempts: true, claimedAt: true } as const;

export function createReminderRepository(prisma: PrismaClient): ReminderQueue {
  const finish = async (id: number, data: { status: string; sentAt?: Date; lastError?: string }) => {
    // Only the claimer's "sending" row is finished; a row someone else already finished stays as it is.
    await prisma.reminder.updateMany({ where: { id, status: "sending" }, data });
  };

  return {
    async claimDue(now, limit = DEFAULT_LIMIT) {
      const [due, stale] = await Promise.all([
        prisma.reminder.findMany({ where: { status: "pending", dueAt: { lte: now } }, orderBy: { dueAt: "asc" }, take: limit, select: selectDue }),
        // A crash between claim and mark leaves the row in "sending": taken again after STALE_SENDING_MS.
        prisma.reminder.findMany({
          where: { status: "sending", dueAt: { lte: now }, claimedAt: { lt: new Date(now.getTime() - STALE_SENDING_MS) } },
          orderBy: { dueAt: "asc" }, take: limit, select: selectDue,
        }),
      ]);
      const won: ClaimedReminder[] = [];
      for (const row of [...stale, ...due].slice(0, limit)) {
        const reclaim = row.claimedAt !== null;
        if (reclaim && row.attempts >= MAX_REMINDER_ATTEMPTS) {
          await prisma.reminder.updateMany({
            where: { id: row.id, status: "sending", claimedAt: row.claimedAt },
            data: { status: "missed", lastError: "gave up: the sending instance stopped repeatedly" },
          });
          continue;
        }
        // The claim: conditional on the state we read (for a reclaim, on the stale claim time itself).
        const claimed = await prisma.reminder.updateMany({
          where: reclaim ? { id: row.id, status: "sending", claimedAt: row.claimedAt } : { id: row.id, status: "pending" },
          data: { status: "sending", claimedAt: now, attempts: { increment: 1 } },
        });
        if (claimed.count === 1) won.push({ ...toDue(row), attempts: row.attempts + 1 });
      }
      return won;
    },

    markSent: (id, now) => finish(id, { status: "sent", sentAt: now }),
    markCancelled: (id) => finish(id, { status: "cancelled" }),
    markMissed: (id, _now, reason) => finish(id, { status: "missed", ...(reason ? { lastError: reason.slice(0, ERROR_LENGTH) } : {}) }),

    async markFailed(id, error) {
      const lastError = error.slice(0, ERROR_LENGTH);
      const gaveUp = await prisma.reminder.updateMany({ where: { id, status: "sending", attempts: { gte: MAX_REMINDER_ATTEMPTS } }, data: { status: "missed", lastError } });
      if (gaveUp.count === 1) return "missed";
      const retry = await prisma.reminder.updateMany({ where: { id, status: "sending" }, data: { status: "pending", claimedAt: null, lastError } });
      return retry.count === 1 ? "pending" : "unchanged";
    },

    async scheduleProposeNudge(requestId, acceptedAt) {
      await prisma.reminder.create({ data: proposeNudgeRow(requestId, acceptedAt) });
    },

    async stuckCases(now) {
      const before = new Date(now.getTime() - STUCK_AFTER_MS);
      const [accepted, sessions] = await Promise.all([
        prisma.mediationRequest.findMany({
          where: { status: "accepted", acceptedAt: { lt: before }, appointments: { none: { status: { in: PROPOSED_STATUSES } } } },
          orderBy: { acceptedAt: "asc" },
          select: { id: true, code: true, acceptedAt: true },
        }),
        // The session's end is startsAt + duration; startsAt < before is the indexed pre-filter.
        prisma.appointment.findMany({
          where: { status: "confirmed", outcome: null, startsAt: { lt: before } },
          orderBy: { startsAt: "asc" },
          select: { requestId: true, startsAt: true, durationMinutes: true, request: { select: { code: true } } },
        }),
      ]);
      const stuck: StuckCase[] = accepted.map((r) => ({ kind: "no_proposal", requestId: r.id, code: r.code, since: r.acceptedAt! }));
      for (const s of sessions) {
        const end = new Date(s.startsAt!.getTime() + s.durationMinutes * 60_000);
        if (end.getTime() < before.getTime()) stuck.push({ kind: "no_outcome", requestId: s.requestId, code: s.request.code, since: end });
      }
      return stuck.sort((a, b) => a.since.getTime() - b.since.getTime());
    },
  };
}

function toDue(row: { id: number; requestId: number; appointmentId: number | null; kind: string; recipient: string; dueAt: Date }): DueReminder {
  return { id: row.id, requestId: row.requestId, appointmentId: row.appointmentId, kind: row.kind as DueReminder["kind"], recipient: row.recipient as DueReminder["recipient"], dueAt: row.dueAt };
}
