// Webhook deduplication over the ProcessedUpdate table: the primary key on updateId is the lock. The insert
// succeeds for exactly one delivery of an update; a second delivery (Telegram retrying, or the load balancer
// handing the same update to another instance) fails on the key and is skipped.
import type { ProcessedUpdateRepository } from "../../domain/update-claims.js";
import type { PrismaClient } from "../client.js";

export function createProcessedUpdateRepository(prisma: PrismaClient): ProcessedUpdateRepository {
  return {
    async claim(updateId, instance, now) {
      try {
        await prisma.processedUpdate.create({ data: { updateId: BigInt(updateId), instance, createdAt: now }, select: { updateId: true } });
        return true;
      } catch (error) {
        if ((error as { code?: string }).code === "P2002") return false;
        throw error;
      }
    },
    async pruneBefore(before) {
      const { count } = await prisma.processedUpdate.deleteMany({ where: { createdAt: { lt: before } } });
      return count;
    },
  };
}
