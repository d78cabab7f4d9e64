// The operator digest's data and its once-per-local-day claim (DigestRun, primary key = local date: of two
// instances inserting the same date, the database lets exactly one succeed).
import { DIGEST_LIST_LIMIT, type DigestRepository } from "../../domain/digest.js";
import { PROCEDURE_OVERDUE_DAY } from "../../domain/procedure-clock.js";
import type { PrismaClient } from "../client.js";
import { createProcedureClockRepository } from "./procedure-clock-repository.js";

const DAY_MS = 24 * 3_600_000;

export function createDigestRepository(prisma: PrismaClient): DigestRepository {
  const clock = createProcedureClockRepository(prisma);
  return {
    async claim(date, now) {
      try {
        await prisma.digestRun.create({ data: { date, sentAt: now } });
        return true;
      } catch (error) {
        // A unique violation means another run claimed this date; anything else is a real failure.
        if (await prisma.digestRun.findUnique({ where: { date }, select: { date: true } })) return false;
        throw error;
      }
    },

    async hasRun(date) {
      return (await prisma.digestRun.count({ where: { date } })) > 0;
    },

    async collect(now, day) {
      const fresh = { submittedAt: { gte: new Date(now.getTime() - DAY_MS), lte: now } };
      const unmatched = { status: "unmatched" };
      const today = { status: "confirmed", startsAt: { gte: day.start, lt: day.end } };
      const code = { code: true } as const;
      const [newCount, newItems, unmatchedCount, unmatchedItems, sessionCount, sessionItems, overdue] = await Promise.all([
        prisma.mediationRequest.count({ where: fresh }),
        prisma.mediationRequest.findMany({ where: fresh, orderBy: { submittedAt: "asc" }, take: DIGEST_LIST_LIMIT, select: code }),
        prisma.mediationRequest.count({ where: unmatched }),
        prisma.mediationRequest.findMany({ where: unmatched, orderBy: { submittedAt: "asc" }, take: DIGEST_LIST_LIMIT, select: code }),
        prisma.appointment.count({ where: today }),
        prisma.appointment.findMany({ where: today, orderBy: { startsAt: "asc" }, take: DIGEST_LIST_LIMIT, select: { startsAt: true, request: { select: code } } }),
        // Open cases only (accepted or scheduled): a small set, read whole to order it by the first session.
        clock.overdue(now, PROCEDURE_OVERDUE_DAY),
      ]);
      return {
        newRequests: { count: newCount, items: newItems },
        unmatched: { count: unmatchedCount, items: unmatchedItems },
        sessionsToday: { count: sessionCount, items: sessionItems.map((s) => ({ code: s.request.code, startsAt: s.startsAt! })) },
        overdue: { count: overdue.length, items: overdue.slice(0, DIGEST_LIST_LIMIT).map((o) => ({ code: o.code, rayon: o.rayon, days: o.days })) },
      };
    },
  };
}
