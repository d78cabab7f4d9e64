// The figures behind /stats, in four queries that Prisma writes the same way for SQLite and PostgreSQL:
// requests grouped by rayon/status/category, the accepted requests' two timestamps (for the median, which
// neither database computes portably), appointments grouped by outcome with the ratings' sum and count,
// and the active mediators' rayons. The period filters requests by `submittedAt`; appointments follow
// their request. Active mediators are who serves now, whatever the period. The weekly chart reads three
// date columns (submitted, accepted, agreement recorded) and counts weeks in the caller's time zone.
// `fulfilment` counts agreements recorded in the period per rayon and loads each due term's rayon and answer
// codes (never its text); the rule that turns them into kept / partly / not kept is summarizeFulfilment.
import { AGREEMENT_OUTCOMES } from "../../domain/agreement.js";
import type { FulfilmentData, StatsData } from "../../domain/statistics.js";
import type { PrismaClient } from "../client.js";

/** The instants the weekly chart counts, each list filtered by its own date (at or after `since`). */
export interface WeeklyEvents {
  /** Requests submitted (submittedAt). */
  requests: Date[];
  /** Requests a mediator accepted (acceptedAt). */
  matches: Date[];
  /** Sessions whose recorded outcome is "agreement" (outcomeAt). */
  agreements: Date[];
}

export interface StatsRepository {
  /** Everything /stats shows for requests submitted at or after `since` (null: all time). */
  collect(since: Date | null): Promise<StatsData>;
  /** Dates of requests, acceptances and agreements at or after `since` (null: all time), for the weekly chart. */
  weeklyEvents(since: Date | null): Promise<WeeklyEvents>;
  /**
   * Agreements recorded at or after `since` (null: all time), and the terms due between the local dates `due`
   * (inclusive; from null: any) with the answers about them — rayon codes and answer codes only, never a term's text.
   */
  fulfilment(since: Date | null, due: { from: string | null; to: string }): Promise<FulfilmentData>;
}

export function createStatsRepository(prisma: PrismaClient): StatsRepository {
  return {
    async collect(since) {
      const inPeriod = since === null ? {} : { submittedAt: { gte: since } };
      const [groups, accepted, outcomes, ratings, mediatorRayons] = await Promise.all([
        prisma.mediationRequest.groupBy({ by: ["rayonCode", "status", "category"], where: inPeriod, _count: { _all: true } }),
        prisma.mediationRequest.findMany({ where: { ...inPeriod, acceptedAt: { not: null } }, select: { submittedAt: true, acceptedAt: true } }),
        prisma.appointment.groupBy({ by: ["outcome"], where: { outcome: { not: null }, request: inPeriod }, _count: { _all: true } }),
        prisma.appointment.aggregate({ where: { rating: { not: null }, request: inPeriod }, _count: { rating: true }, _sum: { rating: true } }),
        prisma.mediatorRayon.findMany({ where: { mediator: { status: "active" } }, select: { mediatorId: true, rayonCode: true }, orderBy: [{ mediatorId: "asc" }, { rayonCode: "asc" }] }),
      ]);

      const byMediator = new Map<number, string[]>();
      for (const row of mediatorRayons) byMediator.set(row.mediatorId, [...(byMediator.get(row.mediatorId) ?? []), row.rayonCode]);
      return {
        requestGroups: groups.map((g) => ({ rayonCode: g.rayonCode, status: g.status, category: g.category, count: g._count._all })),
        acceptanceMinutes: accepted.map((r) => (r.acceptedAt!.getTime() - r.submittedAt.getTime()) / 60_000),
        outcomes: Object.fromEntries(outcomes.map((o) => [o.outcome!, o._count._all])),
        ratings: { count: ratings._count.rating, sum: ratings._sum.rating ?? 0 },
        activeMediators: [...byMediator].map(([id, rayonCodes]) => ({ id, rayonCodes })),
      };
    },

    // Only the one date column of each row is read; weeks are counted in the caller's time zone.
    async weeklyEvents(since) {
      const from = since === null ? { not: null } : { gte: since };
      const [requests, matches, agreements] = await Promise.all([
        prisma.mediationRequest.findMany({ where: since === null ? {} : { submittedAt: { gte: since } }, select: { submittedAt: true } }),
        prisma.mediationRequest.findMany({ where: { acceptedAt: from }, select: { acceptedAt: true } }),
        prisma.appointment.findMany({ where: { outcome: "agreement", outcomeAt: from }, select: { outcomeAt: true } }),
      ]);
      return {
        requests: requests.map((r) => r.submittedAt),
        matches: matches.map((r) => r.acceptedAt!),
        agreements: agreements.map((a) => a.outcomeAt!),
      };
    },

    // Agreements are counted per case: recording an outcome other than "postponed" closes the case, so a case
    // has at most one session with an agreement. Terms: one row per due term with its answers' codes.
    async fulfilment(since, due) {
      const agreed = { status: "completed", outcome: { in: [...AGREEMENT_OUTCOMES] }, ...(since === null ? {} : { outcomeAt: { gte: since } }) };
      const [agreements, terms] = await Promise.all([
        prisma.mediationRequest.groupBy({ by: ["rayonCode"], where: { appointments: { some: agreed } }, _count: { _all: true } }),
        prisma.agreementTerm.findMany({
          where: { dueDate: due.from === null ? { lte: due.to } : { gte: due.from, lte: due.to } },
          select: { request: { select: { rayonCode: true } }, checks: { where: { answer: { not: null } }, select: { recipient: true, round: true, answer: true } } },
        }),
      ]);
      return {
        agreements: agreements.map((g) => ({ rayonCode: g.rayonCode, count: g._count._all })),
        termsDue: terms.map((t) => ({ rayonCode: t.request.rayonCode, answers: t.checks.map((c) => ({ recipient: c.recipient, round: c.round, answer: c.answer! })) })),
      };
    },
  };
}
