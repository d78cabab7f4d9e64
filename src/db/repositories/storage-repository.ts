// grammY StorageAdapter over the StorageEntry table, for sessions and conversation state.
// Keys are namespaced ("session:…", "conversation:…") so the two never collide.
// Plain SQL, valid on SQLite and PostgreSQL alike: conversation state is read or written on most updates, and
// Prisma's upsert costs about four times the CPU of the same statement sent raw (its query compiler runs per call).
import type { StorageAdapter } from "grammy";
import type { PrismaClient } from "../client.js";

export function createDatabaseStorage<T>(prisma: PrismaClient, namespace: string): StorageAdapter<T> {
  const keyOf = (key: string) => `${namespace}:${key}`;
  return {
    async read(key) {
      const rows = await prisma.$queryRaw<Array<{ value: string }>>`SELECT "value" FROM "StorageEntry" WHERE "key" = ${keyOf(key)}`;
      const row = rows[0];
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      const now = new Date();
      await prisma.$executeRaw`
        INSERT INTO "StorageEntry" ("key", "value", "createdAt", "updatedAt") VALUES (${keyOf(key)}, ${json}, ${now}, ${now})
        ON CONFLICT ("key") DO UPDATE SET "value" = excluded."value", "updatedAt" = excluded."updatedAt"`;
    },
    async delete(key) {
      await prisma.$executeRaw`DELETE FROM "StorageEntry" WHERE "key" = ${keyOf(key)}`;
    },
  };
}
