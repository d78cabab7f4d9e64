// Requests filed on someone's behalf, and claiming them (src/domain/assisted-intake.ts explains who owns
// such a request until it is claimed). The audit entries are written in the same transaction as the change,
// so a request never exists without the record of who filed it and when the oral consent was given.
import { generateClaimCode, type AssistedRequestRepository, type ClaimResult } from "../../domain/assisted-intake.js";
import { preferredLocale } from "../../domain/locale.js";
import { generateRequestCode } from "../../domain/request-code.js";
import { FINAL_STATUSES } from "../../domain/request-lifecycle.js";
import type { PrismaClient } from "../client.js";
import { requestFieldsFromDraft, sameIntake } from "./request-repository.js";

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === "P2002";

/** CLAIM_CODE_TTL_DAYS: a claim code works for this many days after the request was submitted. */
export const DEFAULT_CLAIM_CODE_TTL_DAYS = 30;

export function createAssistedRequestRepository(prisma: PrismaClient, random: () => number = Math.random, options: { claimTtlDays?: number } = {}): AssistedRequestRepository {
  const claimTtlMs = (options.claimTtlDays ?? DEFAULT_CLAIM_CODE_TTL_DAYS) * 86_400_000;
  return {
    async submitAssisted({ filerId, role, draft, now }) {
      for (let attempt = 0; ; attempt++) {
        const code = generateRequestCode(random);
        const claimCode = generateClaimCode();
        try {
          return await prisma.$transaction(async (tx) => {
            // A Submit replayed after a crash finds the request this intake already made (see request-repository).
            const existing = await tx.mediationRequest.findFirst({
              where: { assistedById: filerId, oralConsentAt: new Date(draft.consentAt), ...sameIntake(draft) },
              select: { id: true, code: true, claimCode: true },
            });
            if (existing) return { id: existing.id, code: existing.code, ...(existing.claimCode ? { claimCode: existing.claimCode } : {}) } as { id: number; code: string; claimCode: string };
            const created = await tx.mediationRequest.create({
              data: { code, citizenId: filerId, assistedById: filerId, oralConsentAt: new Date(draft.consentAt), claimCode, ...requestFieldsFromDraft(draft, now) },
              select: { id: true, code: true },
            });
            await tx.requestStatusChange.create({
              data: { requestId: created.id, fromStatus: null, toStatus: "submitted", actorId: filerId, actorRole: role, createdAt: now },
            });
            await tx.auditEntry.create({
              data: {
                actorId: filerId, action: "request.assisted_filed", targetType: "request", targetId: String(created.id), createdAt: now,
                // No personal data here: the audit log is read by every operator.
                details: JSON.stringify({ code: created.code, filerId, role, oralConsentAt: draft.consentAt }),
              },
            });
            return { ...created, claimCode };
          });
        } catch (error) {
          // A collision of the request code or the claim code is retried with fresh codes.
          if (!isUniqueViolation(error) || attempt >= 4) throw error;
        }
      }
    },

    async claim(claimCode, userId, now): Promise<ClaimResult> {
      return prisma.$transaction(async (tx) => {
        // A code works only while the request is open and younger than the TTL (a paper note found months
        // later, or after the case closed, must not hand over the person's contact). Any refusal reads the
        // same as an unknown code, to the filer too: it says nothing about the request.
        const claimable = { claimCode, submittedAt: { gt: new Date(now.getTime() - claimTtlMs) }, status: { notIn: [...FINAL_STATUSES] } };
        const row = await tx.mediationRequest.findFirst({
          where: claimable,
          select: { id: true, code: true, citizenId: true, assistedById: true, assistedBy: { select: { telegramId: true, locale: true, telegramLanguage: true } } },
        });
        if (!row) return { ok: false, reason: "not-found" } as const;
        if (row.citizenId === userId) return { ok: false, reason: "own-request" } as const;
        // Conditional on the code still being there (and the request still claimable): of two people racing
        // with one code, one wins.
        const moved = await tx.mediationRequest.updateMany({ where: { id: row.id, ...claimable }, data: { citizenId: userId, claimedAt: now, claimCode: null } });
        if (moved.count === 0) return { ok: false, reason: "not-found" } as const;
        await tx.auditEntry.create({
          data: { actorId: userId, action: "request.claimed", targetType: "request", targetId: String(row.id), createdAt: now, details: JSON.stringify({ code: row.code, filerId: row.assistedById }) },
        });
        return { ok: true, request: { id: row.id, code: row.code }, filer: row.assistedBy && { telegramId: row.assistedBy.telegramId, locale: preferredLocale(row.assistedBy.locale, row.assistedBy.telegramLanguage) } } as const;
      });
    },
  };
}
