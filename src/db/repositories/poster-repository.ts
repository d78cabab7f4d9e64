// The poster feature's reads and writes: a person's preferred rayon (set by a poster link) and the number
// of active mediators serving a rayon.
import type { PosterRepository } from "../../domain/poster.js";
import type { PrismaClient } from "../client.js";

export function createPosterRepository(prisma: PrismaClient): PosterRepository {
  return {
    async setPreferredRayon(userId, rayonCode) {
      await prisma.user.update({ where: { id: userId }, data: { preferredRayonCode: rayonCode } });
    },

    async preferredRayon(userId) {
      const row = await prisma.user.findUnique({ where: { id: userId }, select: { preferredRayonCode: true } });
      return row?.preferredRayonCode ?? null;
    },

    async activeMediatorCount(rayonCode) {
      return prisma.mediatorRayon.count({ where: { rayonCode, mediator: { status: "active" } } });
    },
  };
}
