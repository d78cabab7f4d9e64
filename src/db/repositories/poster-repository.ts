// The poster feature's reads and writes: a person's preferred rayon (set by a poster link) and the number
// of active mediators serving a rayon.
import type { PosterRepository } from "../../domain/poster.js";
import type { PrismaClient } from "../client.js";
import { directSql } from "../direct-sql.js";

export function createPosterRepository(prisma: PrismaClient): PosterRepository {
  const sql = directSql(prisma);
  return {
    async setPreferredRayon(userId, rayonCode) {
      await prisma.user.update({ where: { id: userId }, data: { preferredRayonCode: rayonCode } });
    },

    async preferredRayon(userId) {
      // Read at the start of every intake: plain SQL through the direct path (db/direct-sql.ts).
      const [row] = await sql.query<{ preferredRayonCode: string | null }>(`SELECT "preferredRayonCode" FROM "User" WHERE "id" = ?`, [userId]);
      return row?.preferredRayonCode ?? null;
    },

    async activeMediatorCount(rayonCode) {
      return prisma.mediatorRayon.count({ where: { rayonCode, mediator: { status: "active" } } });
    },
  };
}
