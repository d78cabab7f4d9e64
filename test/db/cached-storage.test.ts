// The write-through conversation cache (polling mode): reads from memory, writes and deletes reach the database
// first, erasing a person's data makes it forget their chat, and it holds a bounded number of chats.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageAdapter } from "grammy";
import { createCachedStorage } from "../../src/db/cache/cached-storage.js";
import { forgetConversationOnErase } from "../../src/db/cache/forget-on-erase.js";
import { LruCache } from "../../src/db/cache/lru-cache.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createPrivacyRepository } from "../../src/db/repositories/privacy-repository.js";
import { createDatabaseStorage } from "../../src/db/repositories/storage-repository.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";

type State = { step: string; answers: string[] };

/** An in-memory adapter that counts what reaches it, and can be told to fail. */
function countingStorage() {
  const rows = new Map<string, string>();
  const calls = { read: 0, write: 0, delete: 0 };
  let failing = false;
  const adapter: StorageAdapter<State> = {
    async read(key) {
      calls.read++;
      const row = rows.get(key);
      return row === undefined ? undefined : (JSON.parse(row) as State);
    },
    async write(key, value) {
      calls.write++;
      if (failing) throw new Error("database is down");
      rows.set(key, JSON.stringify(value));
    },
    async delete(key) {
      calls.delete++;
      if (failing) throw new Error("database is down");
      rows.delete(key);
    },
  };
  return { adapter, rows, calls, fail: (on: boolean) => (failing = on) };
}

describe("LruCache", () => {
  it("forgets the least recently used key beyond its bound", () => {
    const cache = new LruCache<number>(2);
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // "a" is now the most recent
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.has("b")).toBe(false);
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
    cache.delete("a");
    expect(cache.get("a")).toBeUndefined();
  });

  it("refuses a bound that is not a positive whole number", () => {
    expect(() => new LruCache(0)).toThrow(/positive whole number/);
  });
});

describe("cached conversation storage", () => {
  it("reads the database once per chat, absent state included", async () => {
    const db = countingStorage();
    db.rows.set("1", JSON.stringify({ step: "category", answers: [] }));
    const storage = createCachedStorage(db.adapter, { maxKeys: 10 });
    expect(await storage.read("1")).toEqual({ step: "category", answers: [] });
    expect(await storage.read("1")).toEqual({ step: "category", answers: [] });
    expect(await storage.read("2")).toBeUndefined();
    expect(await storage.read("2")).toBeUndefined();
    expect(db.calls.read).toBe(2);
  });

  it("hands out copies: mutating what was read changes neither the cache nor the database", async () => {
    const db = countingStorage();
    const storage = createCachedStorage(db.adapter, { maxKeys: 10 });
    await storage.write("1", { step: "category", answers: [] });
    const state = (await storage.read("1"))!;
    state.answers.push("land");
    expect(await storage.read("1")).toEqual({ step: "category", answers: [] });
  });

  it("writes through to the database, and skips a write of unchanged state", async () => {
    const db = countingStorage();
    const storage = createCachedStorage(db.adapter, { maxKeys: 10 });
    await storage.write("1", { step: "category", answers: [] });
    expect(JSON.parse(db.rows.get("1")!)).toEqual({ step: "category", answers: [] });
    await storage.write("1", { step: "category", answers: [] });
    expect(db.calls.write).toBe(1);
    await storage.write("1", { step: "description", answers: ["land"] });
    expect(db.calls.write).toBe(2);
    expect(await storage.read("1")).toEqual({ step: "description", answers: ["land"] });
    expect(db.calls.read).toBe(0);
  });

  it("deletes through to the database and remembers the chat as empty", async () => {
    const db = countingStorage();
    const storage = createCachedStorage(db.adapter, { maxKeys: 10 });
    await storage.write("1", { step: "category", answers: [] });
    await storage.delete("1");
    expect(db.rows.has("1")).toBe(false);
    expect(await storage.read("1")).toBeUndefined();
    expect(db.calls.read).toBe(0);
  });

  it("after a failed write, reads the database again instead of trusting memory", async () => {
    const db = countingStorage();
    const storage = createCachedStorage(db.adapter, { maxKeys: 10 });
    await storage.write("1", { step: "category", answers: [] });
    db.fail(true);
    await expect(storage.write("1", { step: "description", answers: ["land"] })).rejects.toThrow(/down/);
    await expect(storage.delete("1")).rejects.toThrow(/down/);
    db.fail(false);
    expect(await storage.read("1")).toEqual({ step: "category", answers: [] });
    expect(db.calls.read).toBe(1);
  });

  it("does not cache a read that a write overtook", async () => {
    const db = countingStorage();
    const storage = createCachedStorage(db.adapter, { maxKeys: 10 });
    const reading = storage.read("1"); // the database answers "nothing" after the write below started
    await storage.write("1", { step: "category", answers: [] });
    expect(await reading).toBeUndefined();
    expect(await storage.read("1")).toEqual({ step: "category", answers: [] });
  });

  it("holds at most maxKeys chats; a forgotten one is read from the database again", async () => {
    const db = countingStorage();
    const storage = createCachedStorage(db.adapter, { maxKeys: 2 });
    for (const key of ["1", "2", "3"]) await storage.write(key, { step: key, answers: [] });
    expect(await storage.read("3")).toEqual({ step: "3", answers: [] });
    expect(db.calls.read).toBe(0);
    expect(await storage.read("1")).toEqual({ step: "1", answers: [] });
    expect(db.calls.read).toBe(1);
  });

  it("forget() drops a chat written behind its back", async () => {
    const db = countingStorage();
    const storage = createCachedStorage(db.adapter, { maxKeys: 10 });
    await storage.write("1", { step: "category", answers: [] });
    db.rows.delete("1");
    storage.forget("1");
    expect(await storage.read("1")).toBeUndefined();
  });
});

describe.each(databaseTargets())("cached conversation storage on $name", (target) => {
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

  it("keeps the database in step, and forgets a chat whose person erased their data", async () => {
    const storage = createCachedStorage(createDatabaseStorage<State>(db.prisma, "conversation"), { maxKeys: 10 });
    const privacy = forgetConversationOnErase(createPrivacyRepository(db.prisma), storage);
    const telegramId = 7_200_000_001n;
    await db.prisma.user.create({ data: { telegramId, firstName: "Айгүл" } });
    await storage.write(telegramId.toString(), { step: "description", answers: ["жер дауы"] });
    const row = await db.prisma.storageEntry.findUniqueOrThrow({ where: { key: `conversation:${telegramId}` } });
    expect(JSON.parse(row.value)).toEqual({ step: "description", answers: ["жер дауы"] });

    await privacy.eraseFor(telegramId, new Date("2026-11-25T10:00:00Z"));
    expect(await db.prisma.storageEntry.count({ where: { key: `conversation:${telegramId}` } })).toBe(0);
    expect(await storage.read(telegramId.toString())).toBeUndefined();
  });
});
