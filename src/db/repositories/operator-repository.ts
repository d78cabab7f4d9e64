import type { AuditRepository, OperatorRepository } from "../../domain/operators.js";
import type { PrismaClient } from "../client.js";
import { directSql } from "../direct-sql.js";

export function createOperatorRepository(prisma: PrismaClient): OperatorRepository {
  const sql = directSql(prisma);
  return {
    async listAdded() {
      return (await prisma.operator.findMany({ select: { telegramId: true }, orderBy: { telegramId: "asc" } })).map((o) => o.telegramId);
    },
    async isAdded(telegramId) {
      // Asked on /help and on every language change: plain SQL through the direct path (db/direct-sql.ts).
      return (await sql.query(`SELECT 1 AS "one" FROM "Operator" WHERE "telegramId" = ? LIMIT 1`, [telegramId])).length > 0;
    },
    async add(telegramId, addedByUserId) {
      const existing = await prisma.operator.count({ where: { telegramId } });
      if (existing > 0) return false;
      await prisma.operator.create({ data: { telegramId, addedById: addedByUserId } });
      return true;
    },
    async remove(telegramId) {
      return (await prisma.operator.deleteMany({ where: { telegramId } })).count > 0;
    },
  };
}

export function createAuditRepository(prisma: PrismaClient): AuditRepository {
  return {
    async record(entry, now) {
      await prisma.auditEntry.create({
        data: {
          actorId: entry.actorId, action: entry.action, targetType: entry.targetType, targetId: entry.targetId,
          details: entry.details ? JSON.stringify(entry.details) : null, createdAt: now,
        },
      });
    },
    async latest(limit) {
      return prisma.auditEntry.findMany({
        orderBy: { id: "desc" }, take: limit,
        select: {
          actorId: true, action: true, targetType: true, targetId: true, details: true, createdAt: true,
          actor: { select: { firstName: true, telegramId: true } },
        },
      });
    },
  };
}
