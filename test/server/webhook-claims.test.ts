// The database side of webhook mode on both databases: an update id is claimed once however many
// deliveries race for it; a chat lease has one holder at a time, lapses when its holder stops renewing,
// and is given back only by its holder; old claims are pruned.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createLeaseRepository } from "../../src/db/repositories/lease-repository.js";
import { createProcessedUpdateRepository } from "../../src/db/repositories/processed-update-repository.js";
import { runPruneProcessedUpdates } from "../../src/jobs/prune-processed-updates.js";
import { chatKeyOf, createUpdateDispatcher } from "../../src/bot/webhook-dispatcher.js";
import { createLogger } from "../../src/logger.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";

const T0 = new Date("2026-11-25T12:00:00Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe.each(databaseTargets())("update claims and chat leases on $name", (target) => {
  let testDb: TestDatabase;
  let db: Database;
  // PostgreSQL: a second pool, as a second instance has. SQLite: the same connection (see reminder-repository.test.ts).
  let other: Database;

  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
    other = target.name === "postgresql" ? openDatabase(testDb.url) : db;
  });
  afterAll(async () => {
    if (other !== db) await other?.close();
    await db?.close();
    await testDb?.drop();
  });

  it("claims an update id exactly once, even when ten deliveries race", async () => {
    const claims = [createProcessedUpdateRepository(db.prisma), createProcessedUpdateRepository(other.prisma)];
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => claims[i % 2]!.claim(555_000, `instance-${i % 2}`, T0)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claims[0]!.claim(555_000, "later", T0)).toBe(false);
    expect(await claims[0]!.claim(555_001, "later", T0)).toBe(true);
  });

  it("prunes claims older than three days", async () => {
    const claims = createProcessedUpdateRepository(db.prisma);
    await claims.claim(600_000, "a", at(-4 * 86_400));
    await claims.claim(600_001, "a", at(-2 * 86_400));
    expect(await runPruneProcessedUpdates({ claims, logger: createLogger("silent") }, T0)).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.processedUpdate.count({ where: { updateId: { in: [600_000n, 600_001n] } } })).toBe(1);
  });

  it("gives a chat lease to one holder at a time; it lapses unless renewed; only the holder releases it", async () => {
    const a = createLeaseRepository(db.prisma);
    const b = createLeaseRepository(other.prisma);
    const race = await Promise.all([a.acquire("chat:1", "A", T0, at(30)), b.acquire("chat:1", "B", T0, at(30))]);
    expect(race.filter(Boolean)).toHaveLength(1);
    const [winner, loser, winnerName, loserName] = race[0] ? [a, b, "A", "B"] : [b, a, "B", "A"];

    expect(await loser.acquire("chat:1", loserName, at(10), at(40))).toBe(false); // still held
    expect(await winner.acquire("chat:1", winnerName, at(10), at(40))).toBe(true); // its own: renewed
    expect(await winner.renew("chat:1", winnerName, at(60))).toBe(true);
    expect(await loser.acquire("chat:1", loserName, at(50), at(80))).toBe(false);
    await loser.release("chat:1", loserName); // not the holder: nothing happens
    expect(await loser.acquire("chat:1", loserName, at(55), at(85))).toBe(false);

    // The holder stops renewing (it crashed): after expiry the other one takes over, and the old holder's
    // renewal then fails.
    expect(await loser.acquire("chat:1", loserName, at(61), at(91))).toBe(true);
    expect(await winner.renew("chat:1", winnerName, at(120))).toBe(false);

    await loser.release("chat:1", loserName);
    expect(await winner.acquire("chat:1", winnerName, at(62), at(92))).toBe(true);
    expect(await a.acquire("chat:2", "A", T0, at(30))).toBe(true); // other keys are independent
  });
});

describe("update dispatcher", () => {
  const logger = createLogger("silent");
  const update = (id: number, chat: number) => ({ update_id: id, message: { message_id: id, date: 0, chat: { id: chat, type: "private" as const, first_name: "X" }, text: "x" } }) as never;
  const freeLeases = { acquire: async () => true, renew: async () => true, release: async () => undefined };

  it("handles one chat's updates in arrival order and other chats alongside", async () => {
    const log: string[] = [];
    const dispatcher = createUpdateDispatcher({
      instance: "A", logger, leases: freeLeases,
      handle: async (u: { update_id: number; message: { chat: { id: number } } }) => {
        log.push(`start ${u.update_id}`);
        await new Promise((resolve) => setTimeout(resolve, u.message.chat.id === 1 ? 30 : 5));
        log.push(`end ${u.update_id}`);
      },
    } as never);
    dispatcher.dispatch(update(1, 1));
    dispatcher.dispatch(update(2, 1));
    dispatcher.dispatch(update(3, 2));
    await dispatcher.drain(2000);
    expect(log.indexOf("end 1")).toBeLessThan(log.indexOf("start 2")); // same chat: one after the other
    expect(log.indexOf("start 3")).toBeLessThan(log.indexOf("end 1")); // another chat did not wait
    expect(dispatcher.inFlight()).toBe(0);
  });

  it("waits while another instance holds the chat, and after the bounded wait handles the update anyway", async () => {
    let heldUntil = Date.now() + 100;
    const leases = { acquire: async () => Date.now() >= heldUntil, renew: async () => true, release: async () => undefined };
    const handled: number[] = [];
    const dispatcher = createUpdateDispatcher({ instance: "A", logger, leases, leaseWaitMs: 1000, handle: async (u: { update_id: number }) => void handled.push(Date.now()) } as never);
    const start = Date.now();
    dispatcher.dispatch(update(10, 5));
    await dispatcher.drain(2000);
    expect(handled[0]! - start).toBeGreaterThanOrEqual(90); // waited for the other holder

    heldUntil = Number.POSITIVE_INFINITY; // a stuck holder
    const stuck = createUpdateDispatcher({ instance: "A", logger, leases, leaseWaitMs: 150, handle: async () => void handled.push(Date.now()) });
    stuck.dispatch(update(11, 5));
    await stuck.drain(2000);
    expect(handled).toHaveLength(2);
  });

  it("finds the chat of messages, callback queries and member updates", () => {
    expect(chatKeyOf(update(1, 42))).toBe("chat:42");
    expect(chatKeyOf({ update_id: 2, callback_query: { id: "q", from: { id: 7 }, message: { chat: { id: 42 } } } } as never)).toBe("chat:42");
    expect(chatKeyOf({ update_id: 3, callback_query: { id: "q", from: { id: 7 } } } as never)).toBe("chat:7");
    expect(chatKeyOf({ update_id: 4, my_chat_member: { chat: { id: 9 }, from: { id: 9 } } } as never)).toBe("chat:9");
    expect(chatKeyOf({ update_id: 5 } as never)).toBeUndefined();
  });
});
