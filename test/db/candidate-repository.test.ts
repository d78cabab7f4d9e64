import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database, type PrismaClient } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createCandidateRepository } from "../../src/db/repositories/candidate-repository.js";
import { createRegionRepository } from "../../src/db/repositories/region-repository.js";
import { loadRegions } from "../../src/db/regions/load-regions.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";

const BURABAY = "akmola.burabay";
const KOKSHETAU = "akmola.kokshetau_city";
const ARSHALY = "akmola.arshaly";
const ALMATY = "almaty_city";
const ASTRAKHAN = "akmola.astrakhan";
const T0 = new Date("2026-11-20T08:00:00.000Z");
const minutesAfter = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

interface MediatorSeed {
  status?: string;
  paused?: boolean;
  kind?: string;
  languages?: string;
  specializations?: string;
  modes?: string;
  maxOpenCases?: number;
  rayons: string[];
}

describe.each(databaseTargets())("candidate repository on $name", (target) => {
  let testDb: TestDatabase;
  let db: Database;
  let prisma: PrismaClient;
  let citizenId: number;
  let nextTelegramId = 9_000_000_000n;
  let nextCode = 1;

  async function user(): Promise<number> {
    nextTelegramId += 1n;
    return (await prisma.user.create({ data: { telegramId: nextTelegramId, firstName: "Test" }, select: { id: true } })).id;
  }

  async function mediator(seed: MediatorSeed): Promise<number> {
    const created = await prisma.mediator.create({
      data: {
        userId: await user(),
        fullName: "Test Mediator",
        kind: seed.kind ?? "public",
        languages: seed.languages ?? "kk,ru",
        specializations: seed.specializations ?? "family,neighbours",
        modes: seed.modes ?? "in_person",
        maxOpenCases: seed.maxOpenCases ?? 5,
        phone: "+77010000000",
        bio: "",
        status: seed.status ?? "active",
        paused: seed.paused ?? false,
        rayons: { create: seed.rayons.map((rayonCode) => ({ rayonCode })) },
      },
      select: { id: true },
    });
    return created.id;
  }

  async function request(status: string, mediatorId: number | null = null): Promise<number> {
    const created = await prisma.mediationRequest.create({
      data: {
        code: `KL-T${nextCode++}`, citizenId, status, category: "neighbours", otherParty: "neighbour", otherPartyAware: "knows",
        inCourt: false, rayonCode: BURABAY, mode: "in_person", sessionLanguage: "kk", consentAt: T0, submittedAt: T0, mediatorId,
      },
      select: { id: true },
    });
    return created.id;
  }

  /** An offer of a fresh request; `answeredAfter` in minutes (fractions allowed), null while unanswered. */
  async function offer(mediatorId: number, status: string, answeredAfter: number | null = null): Promise<void> {
    await prisma.offer.create({
      data: {
        requestId: await request(status === "pending" ? "offered" : "completed"), mediatorId, status,
        offeredAt: T0, expiresAt: minutesAfter(12 * 60), respondedAt: answeredAfter === null ? null : minutesAfter(answeredAfter),
      },
    });
  }

  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
    prisma = db.prisma;
    await loadRegions(createRegionRepository(prisma));
    citizenId = await user();
    await seed();
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  let busy: number;
  let fresh: number;
  let far: number;
  let nightOwl: number;

  async function seed(): Promise<void> {
    busy = await mediator({
      kind: "professional", languages: "kk,ru,xx", specializations: "family,astrology,neighbours", modes: "in_person, phone,telepathy",
      maxOpenCases: 6, rayons: [BURABAY, KOKSHETAU],
    });
    await mediator({ paused: true, rayons: [BURABAY] });
    await mediator({ status: "pending", rayons: [BURABAY] });
    await mediator({ status: "suspended", rayons: [KOKSHETAU] });
    await mediator({ status: "rejected", rayons: [BURABAY] });
    fresh = await mediator({ kind: "unheard-of", languages: "ru", specializations: "labour", modes: "video", rayons: [ARSHALY] });
    far = await mediator({ rayons: [ALMATY] });

    // busy: 2 open requests + 1 pending offer = 3 open cases; finished requests and other offers do not count.
    await request("accepted", busy);
    await request("scheduled", busy);
    await request("completed", busy);
    await request("cancelled", busy);
    await offer(busy, "pending");
    await offer(busy, "expired");
    await offer(busy, "withdrawn");
    // busy's answers: 10, 30 and 90 minutes → median 30 (the expired and pending ones have no answer).
    await offer(busy, "accepted", 30);
    await offer(busy, "declined", 90);
    await offer(busy, "declined", 10);
    // far's answers: an even count, with seconds and milliseconds → the mean of the middle two.
    await offer(far, "accepted", 20);
    await offer(far, "declined", 45.5 + 0.25 / 60);
    await request("accepted", far);
    // An answer after midnight (UTC): 08:00 → 00:30 the next day.
    nightOwl = await mediator({ rayons: [ASTRAKHAN] });
    await offer(nightOwl, "declined", 16 * 60 + 30);
  }

  it("loads active, not paused mediators serving any of the rayons, with all their rayons, by id", async () => {
    const candidates = createCandidateRepository(prisma);
    const loaded = await candidates.loadCandidates([BURABAY, ARSHALY]);
    expect(loaded.map((c) => c.id)).toEqual([busy, fresh]);
    const userOf = async (id: number) => (await prisma.mediator.findUniqueOrThrow({ where: { id }, select: { userId: true } })).userId;
    expect(loaded[0]).toEqual({
      id: busy, userId: await userOf(busy), kind: "professional", active: true, paused: false,
      languages: ["kk", "ru"], specializations: ["family", "neighbours"], modes: ["in_person", "phone"],
      rayonCodes: [KOKSHETAU, BURABAY].sort(), openCases: 3, maxOpenCases: 6, responseMinutes: 30,
    });
    expect(loaded[1]).toEqual({
      // An unknown kind is never taken for free help: it reads as professional.
      id: fresh, userId: await userOf(fresh), kind: "professional", active: true, paused: false, languages: ["ru"], specializations: ["labour"], modes: ["video"],
      rayonCodes: [ARSHALY], openCases: 0, maxOpenCases: 5, responseMinutes: null,
    });
  });

  it("leaves out professionals when asked for public mediators only, and the users it is told to leave out", async () => {
    const candidates = createCandidateRepository(prisma);
    const userOfBusy = (await prisma.mediator.findUniqueOrThrow({ where: { id: busy }, select: { userId: true } })).userId;
    expect((await candidates.loadCandidates([BURABAY, ARSHALY, ALMATY], { publicOnly: true, excludedUserIds: [] })).map((c) => c.id)).toEqual([far]);
    expect((await candidates.loadCandidates([BURABAY, ARSHALY, ALMATY], { publicOnly: false, excludedUserIds: [userOfBusy] })).map((c) => c.id)).toEqual([fresh, far]);
    expect((await candidates.loadCandidates([BURABAY, ARSHALY, ALMATY], { publicOnly: false, excludedUserIds: [] })).map((c) => c.id)).toEqual([busy, fresh, far]);
  });

  it("finds a mediator through any rayon they serve, once", async () => {
    const candidates = createCandidateRepository(prisma);
    expect((await candidates.loadCandidates([KOKSHETAU])).map((c) => c.id)).toEqual([busy]);
    expect((await candidates.loadCandidates([KOKSHETAU, BURABAY])).map((c) => c.id)).toEqual([busy]);
  });

  it("computes the median response time over answered offers, and counts open cases", async () => {
    const [loaded] = await createCandidateRepository(prisma).loadCandidates([ALMATY]);
    expect(loaded?.id).toBe(far);
    expect(loaded?.responseMinutes).toBeCloseTo((20 + 45.5 + 0.25 / 60) / 2, 6);
    expect(loaded?.openCases).toBe(1);
  });

  it("measures answers across midnight", async () => {
    const loaded = await createCandidateRepository(prisma).loadCandidates([ASTRAKHAN]);
    expect(loaded).toEqual([expect.objectContaining({ id: nightOwl, responseMinutes: 990, openCases: 0 })]);
  });

  it("returns nothing for no rayons or rayons nobody serves", async () => {
    const candidates = createCandidateRepository(prisma);
    expect(await candidates.loadCandidates([])).toEqual([]);
    expect(await candidates.loadCandidates(["abai.semey_city", "no.such_rayon"])).toEqual([]);
  });

  it("follows changes: pausing and reactivating, a new open case", async () => {
    const candidates = createCandidateRepository(prisma);
    await prisma.mediator.update({ where: { id: busy }, data: { paused: true } });
    expect((await candidates.loadCandidates([BURABAY])).map((c) => c.id)).toEqual([]);
    await prisma.mediator.update({ where: { id: busy }, data: { paused: false } });
    await request("accepted", busy);
    expect((await candidates.loadCandidates([BURABAY]))[0]?.openCases).toBe(4);
  });
});
