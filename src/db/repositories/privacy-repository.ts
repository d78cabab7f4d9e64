import type { PrivacyRepository } from "../../domain/privacy.js";
import { citizenCanCancel, isRequestStatus } from "../../domain/request-lifecycle.js";
import type { PrismaClient } from "../client.js";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function createPrivacyRepository(prisma: PrismaClient): PrivacyRepository {
  return {
    async exportFor(telegramId) {
      const user = await prisma.user.findUnique({
        where: { telegramId },
        select: {
          telegramId: true, firstName: true, lastName: true, locale: true, startedAt: true, blockedAt: true, erasedAt: true,
          mediator: {
            select: {
              fullName: true, kind: true, registryNumber: true, phone: true, bio: true, status: true, languages: true, specializations: true,
              modes: true, maxOpenCases: true, rayons: { select: { rayonCode: true }, orderBy: { rayonCode: "asc" } },
            },
          },
          requests: {
            orderBy: { submittedAt: "asc" },
            select: {
              code: true, status: true, category: true, rayonCode: true, submittedAt: true, consentAt: true, closedAt: true,
              description: true, voiceFileId: true, otherParty: true, otherPartyAware: true, inCourt: true, mode: true,
              sessionLanguage: true, contactName: true, contactPhone: true,
              statusChanges: { orderBy: { id: "asc" }, select: { fromStatus: true, toStatus: true, actorRole: true, createdAt: true } },
            },
          },
          invitedTo: { orderBy: { id: "asc" }, select: { code: true, category: true, otherPartyStatus: true, otherPartyAnsweredAt: true } },
        },
      });
      if (!user) return null;
      const m = user.mediator;
      return {
        mediator: m
          ? {
              fullName: m.fullName, kind: m.kind, registryNumber: m.registryNumber, phone: m.phone, bio: m.bio, status: m.status,
              languages: m.languages, specializations: m.specializations, modes: m.modes, maxOpenCases: m.maxOpenCases,
              rayonCodes: m.rayons.map((r) => r.rayonCode),
            }
          : null,
        user: {
          telegramId: user.telegramId.toString(), firstName: user.firstName, lastName: user.lastName, locale: user.locale,
          startedAt: user.startedAt.toISOString(), blockedAt: iso(user.blockedAt), erasedAt: iso(user.erasedAt),
        },
        requests: user.requests.map(({ voiceFileId, statusChanges, submittedAt, consentAt, closedAt, ...r }) => ({
          ...r,
          submittedAt: submittedAt.toISOString(),
          consentAt: consentAt.toISOString(),
          closedAt: iso(closedAt),
          hasVoice: voiceFileId !== null,
          history: statusChanges.map((c) => ({ from: c.fromStatus, to: c.toStatus, by: c.actorRole, at: c.createdAt.toISOString() })),
        })),
        invitedTo: user.invitedTo.map((r) => ({ code: r.code, category: r.category, answer: r.otherPartyStatus, answeredAt: iso(r.otherPartyAnsweredAt) })),
      };
    },

    async eraseFor(telegramId, now) {
      return prisma.$transaction(async (tx) => {
        const user = await tx.user.findUnique({ where: { telegramId }, select: { id: true } });
        if (!user) return { cancelledRequests: 0, keptRequests: 0 };
        // Requests this person filed for someone else and nobody has claimed yet are that other person's: they
        // are neither cancelled nor blanked here (explicit ORs: a NULL assistedById must count as "not filed").
        const own = { citizenId: user.id, OR: [{ assistedById: null }, { assistedById: { not: user.id } }, { claimedAt: { not: null } }] };
        const requests = await tx.mediationRequest.findMany({ where: own, select: { id: true, status: true } });
        let cancelled = 0;
        for (const r of requests) {
          if (isRequestStatus(r.status) && citizenCanCancel(r.status)) {
            await tx.mediationRequest.update({ where: { id: r.id }, data: { status: "cancelled", closedAt: now } });
            await tx.offer.updateMany({ where: { requestId: r.id, status: "pending" }, data: { status: "withdrawn", respondedAt: now } });
            await tx.requestStatusChange.create({ data: { requestId: r.id, fromStatus: r.status, toStatus: "cancelled", actorId: user.id, actorRole: "citizen", createdAt: now } });
            cancelled++;
          }
        }
        await tx.mediationRequest.updateMany({
          where: own,
          data: { description: null, voiceFileId: null, voiceDuration: null, contactName: null, contactPhone: null },
        });
        await tx.user.update({ where: { id: user.id }, data: { firstName: "", lastName: null, erasedAt: now } });
        // As the invited other party of someone else's case: unlinked, and no more reminders to them.
        const invitedTo = await tx.mediationRequest.findMany({ where: { otherPartyUserId: user.id }, select: { id: true } });
        if (invitedTo.length > 0) {
          const ids = invitedTo.map((r) => r.id);
          await tx.mediationRequest.updateMany({ where: { id: { in: ids } }, data: { otherPartyUserId: null } });
          await tx.reminder.updateMany({ where: { requestId: { in: ids }, recipient: "other_party", status: "pending" }, data: { status: "cancelled" } });
        }
        await tx.invitation.updateMany({ where: { usedById: user.id }, data: { usedById: null } });
        // A mediator profile loses its personal fields and stops receiving requests; an offer waiting for
        // this mediator is due at once, so the expiry job hands the request to the next candidate.
        const mediator = await tx.mediator.findUnique({ where: { userId: user.id }, select: { id: true } });
        if (mediator) {
          await tx.mediator.update({ where: { id: mediator.id }, data: { fullName: "", phone: "", bio: "", registryNumber: null, status: "suspended", paused: true, decisionReason: null } });
          await tx.offer.updateMany({ where: { mediatorId: mediator.id, status: "pending" }, data: { expiresAt: now } });
        }
        // A conversation in progress (an unfinished intake) holds the same kind of data.
        const chatKey = telegramId.toString();
        await tx.storageEntry.deleteMany({ where: { key: { in: [`conversation:${chatKey}`, `session:${chatKey}`] } } });
        return { cancelledRequests: cancelled, keptRequests: requests.length };
      });
    },
  };
}
