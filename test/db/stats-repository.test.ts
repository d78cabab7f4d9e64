import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type PrismaClient } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { bundledRegionDirectory, loadRegions } from "../../src/db/regions/load-regions.js";
import { createRegionRepository } from "../../src/db/repositories/region-repository.js";
import { createStatsRepository, type StatsRepository } from "../../src/db/repositories/stats-repository.js";
import { periodStart, summarizeStatistics, type StatsData } from "../../src/domain/statistics.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";

const NOW = new Date("2026-11-30T12:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const minutesAfter = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);
const BURABAY = "akmola.burabay";
const KOKSHETAU = "akmola.kokshetau_city";
const ARSHALY = "akmola.arshaly";
const ALMATY = "almaty_city";
const BEINEU = "mangystau.beineu";

interface RequestSeed {
  rayon: string;
  category: string;
  status: string;
  submitted: Date;
  /** Minutes from submitting to acceptance; absent when nobody accepted. */
  acceptedAfter?: number;
  appointment?: { outcome: string | null; rating: number | null };
}

// The seeded data set, with the answers worked out by hand:
//   7 days:  R1 R2 R4 R5       → 4 requests; accepted 60 and 180 min → median 120; outcome agreement (5★)
//   30 days: + R3              → 5 requests; accepted 60, 180, 30 → median 60; + no_agreement (3★)
//   all:     + R6 R7           → 7 requests; accepted 60, 180, 30, 600 → median 120; + partial (4★)
const REQUESTS: RequestSeed[] = [
  { rayon: BURABAY, category: "family", status: "completed", submitted: daysAgo(2), acceptedAfter: 60, appointment: { outcome: "agreement", rating: 5 } },
  { rayon: BURABAY, category: "neighbours", status: "scheduled", submitted: daysAgo(3), acceptedAfter: 180, appointment: { outcome: null, rating: null } },
  { rayon: ALMATY, category: "property", status: "completed", submitted: daysAgo(10), acceptedAfter: 30, appointment: { outcome: "no_agreement", rating: 3 } },
  { rayon: ALMATY, category: "family", status: "unmatched", submitted: daysAgo(5) },
  { rayon: BEINEU, category: "labour", status: "submitted", submitted: daysAgo(1) },
  { rayon: ARSHALY, category: "family", status: "completed", submitted: daysAgo(40), acceptedAfter: 600, appointment: { outcome: "partial", rating: 4 } },
  { rayon: ARSHALY, category: "family", status: "cancelled", submitted: daysAgo(60) },
];

const sortGroups = (data: StatsData) => [...data.requestGroups].sort((a, b) => `${a.rayonCode}${a.status}${a.category}`.localeCompare(`${b.rayonCode}${b.status}${b.category}`));

describe.each(databaseTargets())("stats repository on $name", (target) => {
  let testDb: TestDatabase;
  let db: Database;
  let prisma: PrismaClient;
  let stats: StatsRepository;
  let nextTelegramId = 8_000_000_000n;
  const mediatorIds: Record<string, number> = {};

  async function user(): Promise<number> {
    nextTelegramId += 1n;
    return (await prisma.user.create({ data: { telegramId: nextTelegramId, firstName: "Test" }, select: { id: true } })).id;
  }

  async function mediator(name: string, status: string, rayons: string[], paused = false): Promise<void> {
    const created = await prisma.mediator.create({
      data: {
        userId: await user(), fullName: name, kind: "public", languages: "kk,ru", specializations: "family", modes: "in_person", maxOpenCases: 5,
        phone: "+77010000000", bio: "", status, paused, rayons: { create: rayons.map((rayonCode) => ({ rayonCode })) },
      },
      select: { id: true },
    });
    mediatorIds[name] = created.id;
  }

  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
    prisma = db.prisma;
    stats = createStatsRepository(prisma);
    await loadRegions(createRegionRepository(prisma));
    await mediator("aigerim", "active", [KOKSHETAU, BURABAY]);
    await mediator("bolat", "active", [ALMATY], true); // paused: still an active mediator of the centre
    await mediator("dana", "suspended", [BEINEU]);
    await mediator("erlan", "pending", [ARSHALY]);
    const citizenId = await user();
    for (const [i, r] of REQUESTS.entries()) {
      const acceptedAt = r.acceptedAfter === undefined ? null : minutesAfter(r.submitted, r.acceptedAfter);
      const created = await prisma.mediationRequest.create({
        data: {
          code: `KL-S${i + 1}`, citizenId, status: r.status, category: r.category, otherParty: "neighbour", otherPartyAware: "knows", inCourt: false,
          rayonCode: r.rayon, mode: "in_person", sessionLanguage: "kk", consentAt: r.submitted, submittedAt: r.submitted, acceptedAt,
          mediatorId: acceptedAt ? mediatorIds.aigerim! : null,
        },
        select: { id: true },
      });
      if (r.appointment) {
        await prisma.appointment.create({
          data: {
            requestId: created.id, status: r.appointment.outcome ? "completed" : "confirmed", mode: "in_person", slots: "[]", proposedAt: acceptedAt!,
            startsAt: minutesAfter(acceptedAt!, 24 * 60), outcome: r.appointment.outcome, rating: r.appointment.rating,
            outcomeAt: r.appointment.outcome ? minutesAfter(acceptedAt!, 25 * 60) : null,
          },
        });
      }
    }
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  it("loads the last 7 days", async () => {
    const data = await stats.collect(periodStart("7d", NOW));
    expect(sortGroups(data)).toEqual([
      { rayonCode: BURABAY, status: "completed", category: "family", count: 1 },
      { rayonCode: BURABAY, status: "scheduled", category: "neighbours", count: 1 },
      { rayonCode: ALMATY, status: "unmatched", category: "family", count: 1 },
      { rayonCode: BEINEU, status: "submitted", category: "labour", count: 1 },
    ].sort((a, b) => `${a.rayonCode}${a.status}${a.category}`.localeCompare(`${b.rayonCode}${b.status}${b.category}`)));
    expect([...data.acceptanceMinutes].sort((a, b) => a - b)).toEqual([60, 180]);
    expect(data.outcomes).toEqual({ agreement: 1 });
    expect(data.ratings).toEqual({ count: 1, sum: 5 });
    expect(data.activeMediators).toEqual([
      { id: mediatorIds.aigerim, rayonCodes: [BURABAY, KOKSHETAU] },
      { id: mediatorIds.bolat, rayonCodes: [ALMATY] },
    ]);
  });

  it("loads the last 30 days and all time", async () => {
    const month = await stats.collect(periodStart("30d", NOW));
    expect(month.requestGroups.reduce((n, g) => n + g.count, 0)).toBe(5);
    expect([...month.acceptanceMinutes].sort((a, b) => a - b)).toEqual([30, 60, 180]);
    expect(month.outcomes).toEqual({ agreement: 1, no_agreement: 1 });
    expect(month.ratings).toEqual({ count: 2, sum: 8 });

    const all = await stats.collect(null);
    expect(all.requestGroups.reduce((n, g) => n + g.count, 0)).toBe(7);
    expect(all.requestGroups.find((g) => g.rayonCode === ARSHALY && g.status === "completed")?.count).toBe(1);
    expect([...all.acceptanceMinutes].sort((a, b) => a - b)).toEqual([30, 60, 180, 600]);
    expect(all.outcomes).toEqual({ agreement: 1, no_agreement: 1, partial: 1 });
    expect(all.ratings).toEqual({ count: 3, sum: 12 });
  });

  it("loads the dates the weekly chart counts, each by its own column", async () => {
    const iso = (dates: Date[]) => dates.map((d) => d.toISOString()).sort();
    const week = await stats.weeklyEvents(periodStart("7d", NOW));
    expect(iso(week.requests)).toEqual(iso([daysAgo(1), daysAgo(2), daysAgo(3), daysAgo(5)]));
    expect(iso(week.matches)).toEqual(iso([minutesAfter(daysAgo(2), 60), minutesAfter(daysAgo(3), 180)]));
    expect(iso(week.agreements)).toEqual(iso([minutesAfter(daysAgo(2), 60 + 25 * 60)]));

    const all = await stats.weeklyEvents(null);
    expect(all.requests).toHaveLength(7);
    expect(all.matches).toHaveLength(4);
    // Only the agreement counts; no_agreement and partial do not.
    expect(all.agreements).toHaveLength(1);
  });

  it("gives the known summary and coverage gaps over Kazakhstan's real rayons", async () => {
    const regions = bundledRegionDirectory();
    const rayons = regions.oblasts().flatMap((o) => regions.rayonsOf(o.code));
    const summarize = async (since: Date | null) => summarizeStatistics(await stats.collect(since), { oblasts: regions.oblasts(), rayons }, 150);

    const week = await summarize(periodStart("7d", NOW));
    expect(week.total).toBe(4);
    expect(week.byStatus).toEqual({ completed: 1, scheduled: 1, unmatched: 1, submitted: 1 });
    expect(week.byCategory).toEqual({ family: 2, neighbours: 1, labour: 1 });
    expect(week.matchRate).toBe(0.5);
    expect(week.medianAcceptanceMinutes).toBe(120);
    expect(week.agreementRate).toBe(1);
    expect(week.averageRating).toBe(5);
    const byOblast = Object.fromEntries(week.byOblast.map((o) => [o.oblastCode, [o.requests, o.activeMediators]]));
    expect(byOblast).toMatchObject({ akmola: [2, 1], almaty_city: [1, 1], mangystau: [1, 0], abai: [0, 0] });
    expect(week.byOblast).toHaveLength(20);
    // Beineu asked, and the suspended mediator there does not count: the nearest active one is over 1,000 km away.
    expect(week.gaps.uncovered.map((g) => [g.rayonCode, g.requests])).toEqual([[BEINEU, 1]]);
    expect(week.gaps.uncovered[0]!.nearestKm).toBeGreaterThan(1000);
    expect(week.gaps.noMediator).toHaveLength(rayons.length - 3);
    expect(week.gaps.noMediator[0]!.rayonCode).toBe(BEINEU);

    const all = await summarize(null);
    expect(all.medianAcceptanceMinutes).toBe(120);
    expect(all.agreementRate).toBeCloseTo(1 / 3, 10);
    expect(all.averageRating).toBe(4);
    expect(all.matchRate).toBeCloseTo(4 / 7, 10);
    // Arshaly (2 requests, its pending applicant does not count) leads the rayons without a mediator.
    expect(all.gaps.noMediator.slice(0, 2).map((g) => [g.rayonCode, g.requests])).toEqual([[ARSHALY, 2], [BEINEU, 1]]);
  });
});
