// Counting starts through deep links (posters, invitations, join links) for the operators' statistics.
import type { DeepLinkKind, DeepLinkStartRepository } from "../../domain/deep-link.js";
import type { PrismaClient } from "../client.js";

export function createDeepLinkStartRepository(prisma: PrismaClient): DeepLinkStartRepository {
  return {
    async record({ kind, ref = "", newUser, at }) {
      await prisma.deepLinkStart.create({ data: { kind, ref, newUser, createdAt: at } });
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
