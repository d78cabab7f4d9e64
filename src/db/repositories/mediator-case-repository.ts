import { OPEN_CASE_STATUSES, type MediatorCase, type MediatorCaseRepository, type OpenCaseStatus } from "../../domain/mediator-case.js";
import type { Category } from "../../domain/request.js";
import type { PrismaClient } from "../client.js";

export function createMediatorCaseRepository(prisma: PrismaClient): MediatorCaseRepository {
  return {
    async listOpenForMediator(mediatorId) {
      const rows = await prisma.mediationRequest.findMany({
        // Contacts only for an active profile: a suspended mediator's cases wait for an operator to reassign them.
        where: { mediatorId, status: { in: [...OPEN_CASE_STATUSES] }, mediator: { status: "active" } },
        orderBy: [{ acceptedAt: "asc" }, { id: "asc" }],
        select: {
          id: true, code: true, status: true, category: true, rayonCode: true, contactName: true, contactPhone: true, acceptedAt: true, otherPartyStatus: true,
          citizen: { select: { firstName: true } },
          followUpOf: { select: { code: true } },
          appointments: { where: { status: { in: ["proposed", "confirmed"] } }, select: { id: true }, take: 1 },
        },
      });
      // Stored values were validated on the way in (intake); the casts only restore their literal types.
      return rows.map((r): MediatorCase => ({
        id: r.id, code: r.code, status: r.status as OpenCaseStatus, category: r.category as Category, rayonCode: r.rayonCode,
        citizenName: r.contactName || r.citizen?.firstName || null, citizenPhone: r.contactPhone || null, acceptedAt: r.acceptedAt,
        otherPartyStatus: r.otherPartyStatus, needsTimes: r.status === "accepted" && r.appointments.length === 0,
        followUpOfCode: r.followUpOf?.code ?? null,
      }));
    },

    async listOpenCodes(mediatorId) {
      const rows = await prisma.mediationRequest.findMany({
        where: { mediatorId, status: { in: [...OPEN_CASE_STATUSES] } },
        orderBy: [{ acceptedAt: "asc" }, { id: "asc" }],
        select: { id: true, code: true, status: true },
      });
      return rows.map((r) => ({ id: r.id, code: r.code, status: r.status as OpenCaseStatus }));
    },
  };
}
