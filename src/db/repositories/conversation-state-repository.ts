// Pruning of conversation state in StorageEntry (keys "conversation:<chat id>", written by
// storage-repository.ts). Other namespaces sharing the table (e.g. "command-menus") are never touched.
import type { ConversationStateRepository } from "../../domain/conversation-state.js";
import type { PrismaClient } from "../client.js";

const NAMESPACE = "conversation:";

export function createConversationStateRepository(prisma: PrismaClient): ConversationStateRepository {
  return {
    async pruneNotUpdatedSince(before) {
      const stale = await prisma.storageEntry.findMany({ where: { key: { startsWith: NAMESPACE }, updatedAt: { lt: before } }, select: { key: true } });
      if (stale.length === 0) return [];
      // The date is checked again in the delete: a state written meanwhile (the person came back) is kept.
      await prisma.storageEntry.deleteMany({ where: { key: { in: stale.map((row) => row.key) }, updatedAt: { lt: before } } });
      return stale.map((row) => row.key.slice(NAMESPACE.length));
    },
  };
}
