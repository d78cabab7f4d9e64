// The figures behind /stats, in four queries that Prisma writes the same way for SQLite and PostgreSQL:
// requests grouped by rayon/status/category, the accepted requests' two timestamps (for the median, which
// neither database computes portably), appointments grouped by outcome with the ratings' sum and count,
// and the active mediators' rayons. The period filters requests by `submittedAt`; appointments follow
// their request. Active mediators are who serves now, whatever the period.
import type { StatsData } from "../../domain/statistics.js";
import type { PrismaClient } from "../client.js";

export interface StatsRepository {
  /** Everything /stats shows for requests submitted at or after `since` (null: all time). */
  collect(since: Date | null): Promise<StatsData>;
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
  };
}
