// grammY StorageAdapter over the StorageEntry table, for sessions and conversation state.
// Keys are namespaced ("session:…", "conversation:…") so the two never collide.
import type { StorageAdapter } from "grammy";
import type { PrismaClient } from "../client.js";

export function createDatabaseStorage<T>(prisma: PrismaClient, namespace: string): StorageAdapter<T> {
  const keyOf = (key: string) => `${namespace}:${key}`;
  return {
    async read(key) {
      const row = await prisma.storageEntry.findUnique({ where: { key: keyOf(key) }, select: { value: true } });
      return row ? (JSON.parse(row.value) as T) : undefined;
    },
    async write(key, value) {
      const json = JSON.stringify(value);
      await prisma.storageEntry.upsert({ where: { key: keyOf(key) }, create: { key: keyOf(key), value: json }, update: { value: json } });
    },
    async delete(key) {
      await prisma.storageEntry.deleteMany({ where: { key: keyOf(key) } });
    },
  };
}
