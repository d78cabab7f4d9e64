// The write-through conversation cache (polling mode): reads from memory, writes and deletes reach the database
// first, erasing a person's data makes it forget their chat, and it holds a bounded number of chats and bytes.
// The size cap on one chat's state (bounded-storage.ts) and the pruning of abandoned conversations.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StorageAdapter } from "grammy";
import { createCachedStorage } from "../../src/db/cache/cached-storage.js";
import { forgetConversationOnErase } from "../../src/db/cache/forget-on-erase.js";
import { LruCache } from "../../src/db/cache/lru-cache.js";
import { createBoundedStorage } from "../../src/db/cache/bounded-storage.js";
import { createConversationStateRepository } from "../../src/db/repositories/conversation-state-repository.js";
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
    expect(() => new LruCache<string>(2, { maxBytes: 0, sizeOf: (v) => v.length })).toThrow(/positive maxBytes/);
    expect(() => new LruCache<string>(2, { maxBytes: 10 })).toThrow(/needs sizeOf/);
  });

  it("bounded by bytes: forgets the least recently used values until the rest fit, and never holds one too large", () => {
    const cache = new LruCache<string>(100, { maxBytes: 10, sizeOf: (v) => v.length });
    cache.set("a", "aaaa");
    cache.set("b", "bbbb");
    expect(cache.get("a")).toBe("aaaa"); // "b" is now the least recently used
    cache.set("c", "cccc");
    expect([cache.has("a"), cache.has("b"), cache.has("c")]).toEqual([true, false, true]);
    expect(cache.bytes).toBe(8);
    cache.set("a", "a"); // replacing a value counts its new size only
    expect(cache.bytes).toBe(5);
    cache.set("huge", "x".repeat(11));
    expect(cache.has("huge")).toBe(false);
    expect(cache.bytes).toBe(5);
    cache.delete("c");
    expect([cache.size, cache.bytes]).toEqual([1, 1]);
  });
});

describe("bounded conversation storage", () => {
  it("writes a state up to the cap; a larger one deletes the chat's state instead and reports its size", async () => {
    const db = countingStorage();
    const resets: Array<{ key: string; bytes: number }> = [];
    const storage = createBoundedStorage(db.adapter, { maxBytes: 100, onReset: async (r) => void resets.push(r) });
    await storage.write("1", { step: "category", answers: ["ж"] });
    expect(JSON.parse(db.rows.get("1")!)).toEqual({ step: "category", answers: ["ж"] });
    // 40 Cyrillic letters are 80 bytes in UTF-8: with the JSON around them, over 100.
    await storage.write("1", { step: "category", answers: ["ж".repeat(40)] });
    expect(db.rows.has("1")).toBe(false);
    expect(resets).toEqual([{ key: "1", bytes: Buffer.byteLength(JSON.stringify({ step: "category", answers: ["ж".repeat(40)] })) }]);
  });

  it("stores the bot's own messages without their text and keyboards (replays read only ids and chats); people's messages stay whole", async () => {
    const db = countingStorage();
    const storage = createBoundedStorage(db.adapter as unknown as StorageAdapter<unknown>, { maxBytes: 10_000, onReset: async () => undefined });
    const bot = { id: 1, is_bot: true, first_name: "Kelisim" };
    const person = { id: 7, is_bot: false, first_name: "Айгүл" };
    const chat = { id: 7, type: "private" };
    const sent = { message_id: 3, from: bot, chat, date: 1, text: "📂 What is the dispute about?", entities: [{ offset: 3, length: 10, type: "bold" }], reply_markup: { inline_keyboard: [[{ text: "Family", callback_data: "i:category:family" }]] } };
    const typed = { message_id: 4, from: person, chat, date: 2, text: "Our neighbour's cattle", entities: [{ offset: 0, length: 3, type: "italic" }] };
    const tap = { update_id: 9, callback_query: { id: "q", from: person, data: "i:category:family", chat_instance: "c", message: sent } };
    await storage.write("7", { receive: [{ returnValue: { ok: true, res: { ok: true, result: sent } } }, { returnValue: { update_id: 8, message: typed } }, { returnValue: tap }] });
    expect(JSON.parse(db.rows.get("7")!)).toEqual({ receive: [
      { returnValue: { ok: true, res: { ok: true, result: { message_id: 3, from: bot, chat, date: 1 } } } },
      { returnValue: { update_id: 8, message: typed } },
      { returnValue: { update_id: 9, callback_query: { id: "q", from: person, data: "i:category:family", chat_instance: "c", message: { message_id: 3, from: bot, chat, date: 1 } } } },
    ] });
  });

  it("drops an oversized state found on read (written before the cap) rather than handing it to the plugin", async () => {
    const db = countingStorage();
    const resets: string[] = [];
    const storage = createBoundedStorage(db.adapter, { maxBytes: 100, onReset: async (r) => void resets.push(r.key) });
    db.rows.set("2", JSON.stringify({ step: "category", answers: ["x".repeat(200)] }));
    expect(await storage.read("2")).toBeUndefined();
    expect(db.rows.has("2")).toBe(false);
    expect(resets).toEqual(["2"]);
    expect(() => createBoundedStorage(db.adapter, { maxBytes: 0, onReset: async () => undefined })).toThrow(/positive number of bytes/);
  });

  it("in front of the cache: a reset state is gone from memory and database alike", async () => {
    const db = countingStorage();
    const cached = createCachedStorage(db.adapter, { maxKeys: 10, maxBytes: 10_000 });
    const storage = createBoundedStorage(cached, { maxBytes: 100, onReset: async () => undefined });
    await storage.write("1", { step: "category", answers: [] });
    await storage.write("1", { step: "category", answers: ["x".repeat(200)] });
    expect(await storage.read("1")).toBeUndefined();
    expect(db.rows.has("1")).toBe(false);
  });
});

describe("the stored JSON passed along (bounded → cached → database, JsonStorage)", () => {
  /** A database adapter that offers the JSON side; its object side must never be used on this path. */
  function jsonStorage() {
    const db = countingStorage();
    const json = { reads: 0, writes: [] as string[] };
    const adapter = {
      ...db.adapter,
      read: async () => expect.fail("read() called although readJson() is there"),
      write: async () => expect.fail("write() called although writeJson() is there"),
      async readJson(key: string) {
        json.reads++;
        return db.rows.get(key);
      },
      async writeJson(key: string, value: string) {
        json.writes.push(value);
        db.rows.set(key, value);
      },
    } as StorageAdapter<State> & { readJson(key: string): Promise<string | undefined>; writeJson(key: string, json: string): Promise<void> };
    return { ...db, adapter, json };
  }

  it("writes the compacted JSON as it is, reads it once, and hands out fresh copies", async () => {
    const db = jsonStorage();
    const storage = createBoundedStorage(createCachedStorage(db.adapter, { maxKeys: 10 }), { maxBytes: 1_000, onReset: async () => undefined });
    const bot = { id: 1, is_bot: true, first_name: "Kelisim" };
    const state = { step: "category", answers: ["ж"], sent: { message_id: 3, from: bot, date: 1, text: "a question", reply_markup: { inline_keyboard: [] } } };
    await storage.write("1", state as unknown as State);
    expect(db.json.writes).toEqual([JSON.stringify({ step: "category", answers: ["ж"], sent: { message_id: 3, from: bot, date: 1 } })]);
    await storage.write("1", state as unknown as State); // unchanged: not written again
    expect(db.json.writes).toHaveLength(1);
    const first = await storage.read("1");
    first!.answers.push("changed by the caller");
    expect(await storage.read("1")).toEqual({ step: "category", answers: ["ж"], sent: { message_id: 3, from: bot, date: 1 } });
    expect(db.json.reads).toBe(0); // written through the cache, so never read back from the database
  });

  it("measures what is stored: an oversized state found on read is dropped and reported", async () => {
    const db = jsonStorage();
    const resets: Array<{ key: string; bytes: number }> = [];
    const storage = createBoundedStorage(createCachedStorage(db.adapter, { maxKeys: 10 }), { maxBytes: 100, onReset: async (r) => void resets.push(r) });
    const stored = JSON.stringify({ step: "category", answers: ["ж".repeat(60)] });
    db.rows.set("2", stored);
    expect(await storage.read("2")).toBeUndefined();
    expect(db.rows.has("2")).toBe(false);
    expect(resets).toEqual([{ key: "2", bytes: Buffer.byteLength(stored) }]);
    expect(await storage.read("2")).toBeUndefined();
    expect(db.json.reads).toBe(1);
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

  it("holds at most maxBytes of state: the least recently used chats are read from the database again", async () => {
    const db = countingStorage();
    // Each entry below takes about 2 × (≈70 characters of JSON + the key) + 64 bytes ≈ 210 bytes.
    const storage = createCachedStorage(db.adapter, { maxKeys: 100, maxBytes: 500 });
    for (const key of ["1", "2", "3"]) await storage.write(key, { step: key, answers: ["a".repeat(40)] });
    expect(await storage.read("3")).toEqual({ step: "3", answers: ["a".repeat(40)] });
    expect(await storage.read("2")).toEqual({ step: "2", answers: ["a".repeat(40)] });
    expect(db.calls.read).toBe(0);
    expect(await storage.read("1")).toEqual({ step: "1", answers: ["a".repeat(40)] });
    expect(db.calls.read).toBe(1);
    // A state larger than the whole budget is written through but never held.
    await storage.write("big", { step: "big", answers: ["b".repeat(400)] });
    await storage.read("big");
    expect(db.calls.read).toBe(2);
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

  it("prunes conversations not written since a date, and nothing else in the table", async () => {
    const conversations = createDatabaseStorage<State>(db.prisma, "conversation");
    const menus = createDatabaseStorage<string>(db.prisma, "command-menus");
    await conversations.write("801", { step: "phone", answers: ["+77011234567"] });
    await conversations.write("802", { step: "category", answers: [] });
    await menus.write("801", "kk");
    const old = new Date("2026-01-01T00:00:00Z");
    await db.prisma.storageEntry.updateMany({ where: { key: { in: ["conversation:801", "command-menus:801"] } }, data: { updatedAt: old } });

    const repository = createConversationStateRepository(db.prisma);
    expect(await repository.pruneNotUpdatedSince(new Date("2026-01-01T00:00:00Z"))).toEqual([]); // not strictly older
    expect(await repository.pruneNotUpdatedSince(new Date("2026-01-02T00:00:00Z"))).toEqual(["801"]);
    expect((await db.prisma.storageEntry.findMany({ select: { key: true }, orderBy: { key: "asc" } })).map((r) => r.key))
      .toEqual(["command-menus:801", "conversation:802"]);
    await db.prisma.storageEntry.deleteMany({});
  });
});
