// grammY StorageAdapter over the StorageEntry table, for sessions and conversation state.
// Keys are namespaced ("session:…", "conversation:…") so the two never collide.
// Plain SQL, valid on SQLite and PostgreSQL alike, through the direct path (db/direct-sql.ts): conversation state
// is read or written on most updates; Prisma's upsert cost about four times the CPU of the same statement sent
// raw, and $queryRaw itself still about 250 µs per call.
import type { StorageAdapter } from "grammy";
import type { PrismaClient } from "../client.js";
import { directSql } from "../direct-sql.js";

const READ = `SELECT "value" FROM "StorageEntry" WHERE "key" = ?`;
const WRITE = `INSERT INTO "StorageEntry" ("key", "value", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)
        ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`;
const DELETE = `DELETE FROM "StorageEntry" WHERE "key" = ?`;

export function createDatabaseStorage<T>(prisma: PrismaClient, namespace: string): StorageAdapter<T> {
  const keyOf = (key: string) => `${namespace}:${key}`;
  const sql = directSql(prisma);
  return {
    async read(key) {
      const [row] = await sql.query<{ value: string }>(READ, [keyOf(key)]);
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      const now = new Date();
      await sql.execute(WRITE, [keyOf(key), json, now, now]);
    },
    async delete(key) {
      await sql.execute(DELETE, [keyOf(key)]);
    },
  };
}
