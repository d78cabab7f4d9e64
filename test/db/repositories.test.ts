import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createRegionRepository } from "../../src/db/repositories/region-repository.js";
import { createDatabaseStorage } from "../../src/db/repositories/storage-repository.js";
import { createUserRepository } from "../../src/db/repositories/user-repository.js";
import { loadRegions } from "../../src/db/regions/load-regions.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";

describe.each(databaseTargets())("repositories on $name", (target) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });

  describe("users", () => {
    // Telegram ids exceed 2^31 (and soon 2^32): stored as BigInt.
    const identity = { telegramId: 7_123_456_789n, firstName: "Айгүл", lastName: null, languageCode: "kk" };

    it("creates a user on first contact, then recognises them", async () => {
      const users = createUserRepository(db.prisma);
      const first = await users.recordContact(identity);
      expect(first.isNew).toBe(true);
      expect(first.user).toMatchObject({ telegramId: 7_123_456_789n, firstName: "Айгүл", locale: null, telegramLanguage: "kk", blockedAt: null });
      const again = await users.recordContact({ ...identity, firstName: "Aigul" });
      expect(again.isNew).toBe(false);
      expect(again.user.firstName).toBe("Aigul");
    });

    it("survives two first updates of the same person arriving together", async () => {
      const users = createUserRepository(db.prisma);
      const results = await Promise.all([1, 2, 3].map(() => users.recordContact({ ...identity, telegramId: 555n })));
      expect(results.filter((r) => r.isNew).length).toBeLessThanOrEqual(1);
      expect(await db.prisma.user.count({ where: { telegramId: 555n } })).toBe(1);
    });

    it("saves the chosen language, and blocked/unblocked state", async () => {
      const users = createUserRepository(db.prisma);
      await users.setLocale(identity.telegramId, "ru");
      expect((await users.findByTelegramId(identity.telegramId))?.locale).toBe("ru");
      const at = new Date("2026-11-20T10:00:00Z");
      await users.markBlocked(identity.telegramId, at);
      await users.markBlocked(identity.telegramId, new Date("2026-11-21T10:00:00Z")); // first time counts
      expect((await users.findByTelegramId(identity.telegramId))?.blockedAt?.toISOString()).toBe(at.toISOString());
      const back = await users.recordContact({ ...identity, firstName: "Aigul" });
      expect(back.user.blockedAt).toBeNull();
    });
  });

  describe("regions", () => {
    it("loads every unit once and skips the work when nothing changed", async () => {
      const regions = createRegionRepository(db.prisma);
      expect((await loadRegions(regions)).changed).toBe(true);
      expect((await loadRegions(regions)).changed).toBe(false);
      expect(await db.prisma.oblast.count()).toBe(20);
      expect(await db.prisma.rayon.count()).toBe(212);
      const oblasts = await regions.listOblasts();
      expect(oblasts.filter((o) => o.kind === "city").map((o) => o.code).sort()).toEqual(["almaty_city", "astana_city", "shymkent_city"]);
      const akmola = await regions.listRayons("akmola");
      expect(akmola).toHaveLength(20);
      expect(akmola[0]).toMatchObject({ oblastCode: "akmola", latitude: expect.any(Number), longitude: expect.any(Number) });
    });
  });

  describe("session storage", () => {
    it("reads, writes and deletes JSON values under its namespace", async () => {
      const sessions = createDatabaseStorage<{ step: string; n: number }>(db.prisma, "session");
      const conversations = createDatabaseStorage<{ step: string; n: number }>(db.prisma, "conversation");
      expect(await sessions.read("42")).toBeUndefined();
      await sessions.write("42", { step: "a", n: 1 });
      await sessions.write("42", { step: "b", n: 2 });
      await conversations.write("42", { step: "c", n: 3 });
      expect(await sessions.read("42")).toEqual({ step: "b", n: 2 });
      expect(await conversations.read("42")).toEqual({ step: "c", n: 3 });
      await sessions.delete("42");
      expect(await sessions.read("42")).toBeUndefined();
      expect(await conversations.read("42")).toEqual({ step: "c", n: 3 });
    });
  });
});

describe.each(databaseTargets())("submitting a request on $name", (target) => {
  it("stores one request per intake: a Submit replayed after a crash returns the request already made", async () => {
    const testDb = await target.create();
    await migrate(testDb.url);
    const db = openDatabase(testDb.url);
    try {
      await loadRegions(createRegionRepository(db.prisma));
      const { draft } = await import("../support/requests.js");
      const { createRequestRepository } = await import("../../src/db/repositories/request-repository.js");
      const user = await db.prisma.user.create({ data: { telegramId: 42n, firstName: "A" } });
      const requests = createRequestRepository(db.prisma);
      const now = new Date("2026-11-25T10:00:00Z");
      const first = await requests.submit(user.id, draft(), now);
      const replayed = await requests.submit(user.id, draft(), now);
      expect(replayed).toEqual(first);
      const another = await requests.submit(user.id, draft({ consentAt: "2026-11-25T09:58:00.000Z" }), now);
      expect(another.id).not.toBe(first.id);
      expect(await db.prisma.mediationRequest.count()).toBe(2);
      expect(await db.prisma.requestStatusChange.count()).toBe(2);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe.each(databaseTargets())("erasing a filer's data on $name", (target) => {
  it("keeps the requests they filed for someone else and nobody claimed yet; blanks and cancels their own", async () => {
    const testDb = await target.create();
    await migrate(testDb.url);
    const db = openDatabase(testDb.url);
    try {
      await loadRegions(createRegionRepository(db.prisma));
      const { draft, submitRequest } = await import("../support/requests.js");
      const { createAssistedRequestRepository } = await import("../../src/db/repositories/assisted-request-repository.js");
      const { createPrivacyRepository } = await import("../../src/db/repositories/privacy-repository.js");
      const filer = await db.prisma.user.create({ data: { telegramId: 77n, firstName: "Mediator" } });
      const now = new Date("2026-11-25T10:00:00Z");
      const own = await submitRequest(db.prisma, filer.id, now);
      const filed = await createAssistedRequestRepository(db.prisma).submitAssisted({ filerId: filer.id, role: "mediator", draft: draft({ contactName: "Villager", consentAt: "2026-11-25T09:30:00.000Z" }), now });
      await createPrivacyRepository(db.prisma).eraseFor(77n, now);
      const rows = await db.prisma.mediationRequest.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, contactName: true } });
      expect(rows).toEqual([
        { id: own.id, status: "cancelled", contactName: null },
        { id: filed.id, status: "submitted", contactName: "Villager" },
      ]);
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});

describe.each(databaseTargets())("the other party's data on $name", (target) => {
  it("/mydata lists the cases a person answered as the invited other party", async () => {
    const testDb = await target.create();
    await migrate(testDb.url);
    const db = openDatabase(testDb.url);
    try {
      await loadRegions(createRegionRepository(db.prisma));
      const { submitRequest } = await import("../support/requests.js");
      const { createPrivacyRepository } = await import("../../src/db/repositories/privacy-repository.js");
      const { describePersonalData } = await import("../../src/bot/helpers/personal-data-text.js");
      const { createI18n } = await import("../../src/bot/i18n.js");
      const { bundledRegionDirectory } = await import("../../src/db/regions/load-regions.js");
      const citizen = await db.prisma.user.create({ data: { telegramId: 81n, firstName: "Citizen" } });
      const invitee = await db.prisma.user.create({ data: { telegramId: 82n, firstName: "Neighbour" } });
      const now = new Date("2026-11-25T10:00:00Z");
      const request = await submitRequest(db.prisma, citizen.id, now);
      await db.prisma.mediationRequest.update({ where: { id: request.id }, data: { otherPartyUserId: invitee.id, otherPartyStatus: "agreed", otherPartyAnswerVia: "telegram", otherPartyAnsweredAt: now } });
      const data = await createPrivacyRepository(db.prisma).exportFor(82n);
      expect(data?.invitedTo).toEqual([{ code: request.code, category: "neighbours", answer: "agreed", answeredAt: now.toISOString() }]);
      expect(data?.requests).toEqual([]);
      const text = describePersonalData({ t: createI18n("en").t("en"), locale: "en", regions: bundledRegionDirectory(), timeZone: "Asia/Almaty" }, data!).join("\n");
      expect(text).toContain("Cases you were invited to as the other party (1)");
      expect(text).toContain(request.code);
      expect(text).not.toContain("Көршінің"); // the citizen's description is theirs, not the invitee's
    } finally {
      await db.close();
      await testDb.drop();
    }
  });
});
