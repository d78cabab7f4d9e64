// Counting starts through valid deep links (posters, invitations, join links, claims) for the operators'
// statistics, once per person and link.
import type { DeepLinkKind, DeepLinkStartRepository } from "../../domain/deep-link.js";
import type { PrismaClient } from "../client.js";

export function createDeepLinkStartRepository(prisma: PrismaClient): DeepLinkStartRepository {
  return {
    async record({ kind, ref = "", userId, newUser, at }) {
      // Once per person per link. One chat's updates are handled one at a time (sequentialize, per-chat
      // leases across instances), so the check and the insert cannot race for the same person.
      return prisma.$transaction(async (tx) => {
        if (await tx.deepLinkStart.findFirst({ where: { kind, ref, userId }, select: { id: true } })) return false;
        await tx.deepLinkStart.create({ data: { kind, ref, userId, newUser, createdAt: at } });
        return true;
      });
    },

    async countSince(since) {
      const where = since ? { createdAt: { gte: since } } : {};
      const [all, fresh] = await Promise.all([
        prisma.deepLinkStart.groupBy({ by: ["kind", "ref"], where, _count: { _all: true } }),
        prisma.deepLinkStart.groupBy({ by: ["kind", "ref"], where: { ...where, newUser: true }, _count: { _all: true } }),
      ]);
      const newByKey = new Map(fresh.map((r) => [`${r.kind}|${r.ref}`, r._count._all]));
      return all
        .map((r) => ({ kind: r.kind as DeepLinkKind, ref: r.ref, starts: r._count._all, newUsers: newByKey.get(`${r.kind}|${r.ref}`) ?? 0 }))
        .sort((a, b) => b.starts - a.starts || a.ref.localeCompare(b.ref));
    },
  };
}
