// A crash in the middle of a broadcast, on both databases: instance A claims a batch, sends one message,
// has a second in flight and dies without releasing anything. Once its lease lapses, another run takes
// over: only the row that was in flight is failed ("interrupted"); every other recipient — including the
// rest of A's claimed batch, which A never sent — gets the message exactly once.
import type { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createBroadcastRepository } from "../../src/db/repositories/broadcast-repository.js";
import { progressFigures } from "../../src/domain/broadcast.js";
import { LEASE_MS, runBroadcasts } from "../../src/jobs/run-broadcasts.js";
import { createLogger } from "../../src/logger.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";

const NOW = new Date("2026-03-14T06:00:00.000Z");
const RECIPIENTS = 14;

/** Counts messages per chat, as Telegram would deliver them. */
function fakeApi() {
  const delivered = new Map<number, number>();
  const api = {
    sendMessage: async (chatId: number) => {
      delivered.set(chatId, (delivered.get(chatId) ?? 0) + 1);
      return { message_id: 1 };
    },
    sendPhoto: async () => {
      throw new Error("no photo in this test");
    },
    editMessageText: async () => true,
  } as unknown as Api;
  return { api, delivered };
}

describe.each(databaseTargets())("broadcast crash recovery on $name", (target) => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
    await db.prisma.user.createMany({ data: Array.from({ length: RECIPIENTS }, (_, i) => ({ telegramId: BigInt(800_000 + i), firstName: `R${i}`, locale: "kk" })) });
  });

  afterAll(async () => {
    await db.prisma.$disconnect();
    await testDb.drop();
  });

  it("fails only the in-flight row and sends everyone else exactly once after a takeover", async () => {
    const repo = createBroadcastRepository(db.prisma);
    const creator = await db.prisma.user.findFirstOrThrow({ orderBy: { id: "asc" } });
    const { id, recipients } = await repo.create(
      { audience: "everyone", oblastCodes: [], languages: [], createdById: creator.id, text: "Жиналыс", photoFileId: null, scheduledAt: null, progressChatId: null },
      "kk",
      NOW,
    );
    expect(recipients).toBe(RECIPIENTS);

    // Instance A: takes the lease, claims a batch, sends the first, has the second in flight… and dies.
    const a = fakeApi();
    expect(await repo.takeLease(id, NOW, new Date(NOW.getTime() + LEASE_MS))).toBe(true);
    const batch = await repo.claim(id, 10);
    expect(batch).toHaveLength(10);
    const [first, inFlight, ...untouched] = batch;
    expect(await repo.markSending(first!.id)).toBe(true);
    await a.api.sendMessage(Number(first!.telegramId), "Жиналыс");
    await repo.finishDelivery(first!.id, { status: "sent", at: NOW });
    expect(await repo.markSending(inFlight!.id)).toBe(true);
    expect(await repo.markSending(inFlight!.id)).toBe(false); // one winner per row

    // What the operator's progress shows meanwhile: claimed rows are still to go.
    const midway = await repo.counts(id);
    expect(midway).toMatchObject({ pending: RECIPIENTS - 2, sending: 1, sent: 1, failed: 0, total: RECIPIENTS });
    expect(progressFigures(midway, 1_000)).toMatchObject({ done: 1, remaining: RECIPIENTS - 1 });

    // Before the lease lapses nobody else may take it.
    const b = fakeApi();
    const outcomes: Record<string, number> = {};
    const deps = {
      broadcasts: repo,
      api: b.api,
      logger: createLogger("silent"),
      renderProgress: async () => ({ text: "" }),
      onDelivery: (outcome: string, count = 1) => void (outcomes[outcome] = (outcomes[outcome] ?? 0) + count),
    };
    expect((await runBroadcasts(deps, new Date(NOW.getTime() + 1_000))).broadcasts).toBe(0);

    // Instance B after the lease lapsed.
    const result = await runBroadcasts(deps, new Date(NOW.getTime() + LEASE_MS + 1));
    expect(result).toEqual({ broadcasts: 1, sent: RECIPIENTS - 2, blocked: 0, failed: 0, interrupted: 1 });
    expect(outcomes).toEqual({ interrupted: 1, queued: RECIPIENTS - 2, sent: RECIPIENTS - 2 });

    const rows = await db.prisma.broadcastDelivery.findMany({ where: { broadcastId: id }, orderBy: { id: "asc" } });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(inFlight!.id)).toMatchObject({ status: "failed", lastError: "interrupted", attempts: 1 });
    expect(rows.filter((r) => r.id !== inFlight!.id).every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
    for (const d of untouched) expect(byId.get(d.id)?.status).toBe("sent"); // A's claimed batch was not lost

    for (const row of rows) {
      const chat = Number(row.telegramId);
      const total = (a.delivered.get(chat) ?? 0) + (b.delivered.get(chat) ?? 0);
      expect(total, `chat ${chat}`).toBe(row.id === inFlight!.id ? 0 : 1); // the in-flight send never reached the API here
    }
    expect(await repo.counts(id)).toMatchObject({ pending: 0, sending: 0, sent: RECIPIENTS - 1, failed: 1 });
    expect((await db.prisma.broadcast.findUniqueOrThrow({ where: { id } })).status).toBe("done");

    // A, had it only stalled, finds its old claims gone: nothing it still held can be sent twice.
    for (const d of untouched) expect(await repo.markSending(d.id)).toBe(false);
  });
});
