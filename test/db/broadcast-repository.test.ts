// Broadcast audiences and the delivery queue on both databases: who is in an audience (citizens by their
// requests' oblasts, mediators by the oblasts they serve, everyone), languages with the default locale for
// people who never chose one, blocked and erased people left out; claims never share a row; leases exclude.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { loadRegions } from "../../src/db/regions/load-regions.js";
import { createBroadcastRepository } from "../../src/db/repositories/broadcast-repository.js";
import { createMediatorRepository } from "../../src/db/repositories/mediator-repository.js";
import { createRegionRepository } from "../../src/db/repositories/region-repository.js";
import type { AudienceFilter } from "../../src/domain/broadcast.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";
import { submitRequest } from "../support/requests.js";

const NOW = new Date("2026-03-14T06:00:00.000Z");

describe.each(databaseTargets())("broadcasts on $name", (target) => {
  let testDb: TestDatabase;
  let db: Database;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
    await loadRegions(createRegionRepository(db.prisma));
    const person = async (name: string, telegramId: number, locale: string | null, extra: { blockedAt?: Date; erasedAt?: Date } = {}) => {
      ids[name] = (await db.prisma.user.create({ data: { telegramId: BigInt(telegramId), firstName: name, locale, ...extra } })).id;
      return ids[name]!;
    };
    await submitRequest(db.prisma, await person("akmolaKk", 1, "kk"), NOW, { rayonCode: "akmola.burabay" });
    await submitRequest(db.prisma, await person("akmolaNull", 2, null), NOW, { rayonCode: "akmola.burabay" });
    await submitRequest(db.prisma, await person("abaiRu", 3, "ru"), NOW, { rayonCode: "abai.ayagoz" });
    await submitRequest(db.prisma, await person("blocked", 4, "kk", { blockedAt: NOW }), NOW, { rayonCode: "akmola.burabay" });
    await submitRequest(db.prisma, await person("erased", 5, "kk", { erasedAt: NOW }), NOW, { rayonCode: "akmola.burabay" });
    await person("nobody", 6, "en");
    const mediators = createMediatorRepository(db.prisma);
    const application = { fullName: "M", kind: "public" as const, registryNumber: null, languages: ["kk" as const], specializations: ["family" as const], modes: ["phone" as const], maxOpenCases: 3, phone: "+77010000000", bio: "Mediator for ten years." };
    const active = await mediators.apply(await person("mediatorAbai", 7, "ru"), { ...application, rayonCodes: ["abai.ayagoz"] }, NOW);
    await db.prisma.mediator.update({ where: { id: active.id }, data: { status: "active" } });
    await mediators.apply(await person("pendingMediator", 8, "kk"), { ...application, rayonCodes: ["akmola.burabay"] }, NOW);
  });

  afterAll(async () => {
    await db.prisma.$disconnect();
    await testDb.drop();
  });

  const audience = async (filter: Partial<AudienceFilter>) => {
    const repo = createBroadcastRepository(db.prisma);
    const f: AudienceFilter = { audience: "everyone", oblastCodes: [], languages: [], ...filter };
    const { id, recipients } = await repo.create({ ...f, createdById: ids.nobody!, text: "x", photoFileId: null, scheduledAt: null, progressChatId: null }, "kk", NOW);
    const rows = await db.prisma.broadcastDelivery.findMany({ where: { broadcastId: id }, select: { userId: true } });
    expect(rows).toHaveLength(recipients);
    expect(await repo.countAudience(f, "kk")).toBe(recipients);
    const names = Object.entries(ids).filter(([, v]) => rows.some((r) => r.userId === v)).map(([k]) => k);
    return names.sort();
  };

  it("resolves citizens, mediators and everyone, narrowed by oblast and language", async () => {
    expect(await audience({ audience: "citizens" })).toEqual(["abaiRu", "akmolaKk", "akmolaNull"]);
    expect(await audience({ audience: "citizens", oblastCodes: ["akmola"], languages: ["kk"] })).toEqual(["akmolaKk", "akmolaNull"]);
    expect(await audience({ audience: "mediators" })).toEqual(["mediatorAbai"]);
    expect(await audience({ audience: "mediators", oblastCodes: ["akmola"] })).toEqual([]);
    expect(await audience({ audience: "everyone", oblastCodes: ["abai"] })).toEqual(["abaiRu", "mediatorAbai"]);
    expect(await audience({ audience: "everyone", languages: ["en", "ru"] })).toEqual(["abaiRu", "mediatorAbai", "nobody"]);
    expect(await audience({ audience: "everyone" })).toEqual(["abaiRu", "akmolaKk", "akmolaNull", "mediatorAbai", "nobody", "pendingMediator"]);
  });

  it("claims each delivery once among concurrent claimers, and leases exclude each other", async () => {
    const repo = createBroadcastRepository(db.prisma);
    const { id } = await repo.create({ audience: "everyone", oblastCodes: [], languages: [], createdById: ids.nobody!, text: "x", photoFileId: null, scheduledAt: null, progressChatId: null }, "kk", NOW);
    const until = new Date(NOW.getTime() + 60_000);
    const leases = await Promise.all([repo.takeLease(id, NOW, until), repo.takeLease(id, NOW, until)]);
    expect(leases.filter(Boolean)).toHaveLength(1);
    expect(await repo.renewLease(id, new Date(0), until)).toBe(false);
    const claims = await Promise.all([repo.claim(id, 4), repo.claim(id, 4), repo.claim(id, 4)]);
    const claimed = claims.flat().map((d) => d.id);
    for (let more = await repo.claim(id, 4); more.length > 0; more = await repo.claim(id, 4)) claimed.push(...more.map((d) => d.id));
    expect(new Set(claimed).size).toBe(claimed.length); // nobody claimed a row another claimer had
    expect(claimed).toHaveLength(6);
    await repo.unclaim(claimed.slice(0, 2));
    expect(await repo.markSending(claimed[0]!)).toBe(false); // given back: not sendable without a new claim
    const marks = await Promise.all(claimed.slice(2, 5).flatMap((d) => [repo.markSending(d), repo.markSending(d)]));
    expect(marks.filter(Boolean)).toHaveLength(3); // claimed → sending: one winner per row
    expect(await repo.counts(id)).toMatchObject({ pending: 3, sending: 3, total: 6 }); // a claimed row is still pending
    expect(await repo.failInterrupted(id)).toBe(3);
    expect(await repo.releaseClaimed(id)).toBe(1);
    expect(await repo.cancel(id, NOW)).toBe(true);
    expect(await repo.findDue(new Date(NOW.getTime() + 3_600_000))).not.toContain(id);
  });
});
