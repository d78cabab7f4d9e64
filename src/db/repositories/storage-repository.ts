// grammY StorageAdapter over the StorageEntry table, for sessions and conversation state.
// Keys are namespaced ("session:…", "conversation:…") so the two never collide.
// Plain SQL, valid on SQLite and PostgreSQL alike, through the direct path (db/direct-sql.ts): conversation state
// is read or written on most updates; Prisma's upsert cost about four times the CPU of the same statement sent
// raw, and $queryRaw itself still about 250 µs per call.
import type { StorageAdapter } from "grammy";
import type { PrismaClient } from "../client.js";
import type { JsonStorage } from "../cache/bounded-storage.js";
import { directSql } from "../direct-sql.js";

const READ = `SELECT "value" FROM "StorageEntry" WHERE "key" = ?`;
const WRITE = `INSERT INTO "StorageEntry" ("key", "value", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)
        ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`;
const DELETE = `DELETE FROM "StorageEntry" WHERE "key" = ?`;

/** Also JsonStorage (db/cache/bounded-storage.ts): the stored JSON passes through without a parse. */
export function createDatabaseStorage<T>(prisma: PrismaClient, namespace: string): StorageAdapter<T> & JsonStorage {
  const keyOf = (key: string) => `${namespace}:${key}`;
  const sql = directSql(prisma);
  const readJson = async (key: string) => (await sql.query<{ value: string }>(READ, [keyOf(key)]))[0]?.value;
  const writeJson = async (key: string, json: string) => {
    const now = new Date();
    await sql.execute(WRITE, [keyOf(key), json, now, now]);
  };
  return {
    readJson,
    writeJson,
    async read(key) {
      const json = await readJson(key);
      return json === undefined ? undefined : (JSON.parse(json) as T);
    },
    write: (key, value) => writeJson(key, JSON.stringify(value)),
    async delete(key) {
      await sql.execute(DELETE, [keyOf(key)]);
    },
  };
}
