// Cross-instance exclusive holds over the Lease table. Taking a lease is one insert (the key is free) or
// one conditional update (it expired, or we hold it already); both are atomic on SQLite and PostgreSQL, so
// two instances never both get it. Releasing deletes the row, so the table only holds live leases.
import type { LeaseRepository } from "../../domain/update-claims.js";
import type { PrismaClient } from "../client.js";

export function createLeaseRepository(prisma: PrismaClient): LeaseRepository {
  return {
    async acquire(key, holder, now, until) {
      try {
        // The usual case: nobody holds the key (released leases are deleted).
        await prisma.lease.create({ data: { key, holder, expiresAt: until }, select: { key: true } });
        return true;
      } catch (error) {
        if ((error as { code?: string }).code !== "P2002") throw error;
      }
      // The row exists: take it over only if it expired, or renew it if it is ours already.
      const taken = await prisma.lease.updateMany({
        where: { key, OR: [{ expiresAt: { lt: now } }, { holder }] },
        data: { holder, expiresAt: until },
      });
      return taken.count === 1;
    },
    async renew(key, holder, until) {
      const renewed = await prisma.lease.updateMany({ where: { key, holder }, data: { expiresAt: until } });
      return renewed.count === 1;
    },
    async release(key, holder) {
      await prisma.lease.deleteMany({ where: { key, holder } });
    },
  };
}
