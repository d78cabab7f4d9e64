import type { CancelResult, IntakeDraft, RequestDetails, RequestRepository, RequestSummary } from "../../domain/request.js";
import { citizenCanCancel, isRequestStatus, type RequestStatus } from "../../domain/request-lifecycle.js";
import { generateRequestCode } from "../../domain/request-code.js";
import type { PrismaClient } from "../client.js";

const summarySelect = { id: true, code: true, status: true, category: true, rayonCode: true, submittedAt: true } as const;
const detailsSelect = {
  ...summarySelect,
  description: true,
  voiceFileId: true,
  otherParty: true,
  otherPartyAware: true,
  inCourt: true,
  costPreference: true,
  mode: true,
  sessionLanguage: true,
  contactName: true,
  contactPhone: true,
  closedAt: true,
  mediator: { select: { fullName: true, kind: true } },
} as const;

type SummaryRow = { id: number; code: string; status: string; category: string; rayonCode: string; submittedAt: Date };
type DetailsRow = SummaryRow & {
  description: string | null; voiceFileId: string | null; otherParty: string; otherPartyAware: string; inCourt: boolean; costPreference: string;
  mode: string; sessionLanguage: string; contactName: string | null; contactPhone: string | null; closedAt: Date | null;
  mediator: { fullName: string; kind: string } | null;
};

function status(value: string): RequestStatus {
  if (!isRequestStatus(value)) throw new Error(`Unknown request status in the database: ${value}`);
  return value;
}

// Stored values were validated on the way in (intake); the casts only restore their literal types.
function toSummary(row: SummaryRow): RequestSummary {
  return { ...row, status: status(row.status), category: row.category as RequestSummary["category"] };
}

function toDetails(row: DetailsRow): RequestDetails {
  const { voiceFileId, ...rest } = row;
  return {
    ...rest,
    ...toSummary(row),
    hasVoice: voiceFileId !== null,
    otherParty: row.otherParty as RequestDetails["otherParty"],
    otherPartyAware: row.otherPartyAware as RequestDetails["otherPartyAware"],
    // An unknown stored value reads as the stricter choice: never offer a paid mediator by mistake.
    costPreference: row.costPreference === "either" ? "either" : "free_only",
    mode: row.mode as RequestDetails["mode"],
    sessionLanguage: row.sessionLanguage as RequestDetails["sessionLanguage"],
  };
}

/** The columns an intake draft fills (also used by assisted filing, db/repositories/assisted-request-repository.ts). */
export function requestFieldsFromDraft(draft: IntakeDraft, now: Date) {
  return {
    status: "submitted",
    category: draft.category,
    description: draft.description.kind === "text" ? draft.description.text : null,
    voiceFileId: draft.description.kind === "voice" ? draft.description.fileId : null,
    voiceDuration: draft.description.kind === "voice" ? draft.description.duration : null,
    otherParty: draft.otherParty,
    otherPartyAware: draft.otherPartyAware,
    inCourt: draft.inCourt,
    costPreference: draft.costPreference,
    rayonCode: draft.rayonCode,
    mode: draft.mode,
    sessionLanguage: draft.sessionLanguage,
    contactName: draft.contactName,
    contactPhone: draft.contactPhone,
    consentAt: new Date(draft.consentAt),
    submittedAt: now,
  };
}

/** What identifies one intake's answers (its consent instant is drawn once, when the person agreed). */
export function sameIntake(draft: IntakeDraft) {
  const { consentAt, category, description, voiceFileId, rayonCode, otherParty, mode, contactPhone } = requestFieldsFromDraft(draft, new Date(0));
  return { consentAt, category, description, voiceFileId, rayonCode, otherParty, mode, contactPhone };
}

export function createRequestRepository(prisma: PrismaClient, random: () => number = Math.random): RequestRepository {
  return {
    async submit(citizenId: number, draft: IntakeDraft, now: Date) {
      for (let attempt = 0; ; attempt++) {
        const code = generateRequestCode(random);
        try {
          return await prisma.$transaction(async (tx) => {
            // One intake, one request: a Submit replayed after a crash (the request saved, the conversation's end
            // not yet stored) finds the request it already made — same person, consent instant and answers.
            const existing = await tx.mediationRequest.findFirst({ where: { citizenId, ...sameIntake(draft) }, select: { id: true, code: true } });
            if (existing) return existing;
            const created = await tx.mediationRequest.create({
              data: { code, citizenId, ...requestFieldsFromDraft(draft, now) },
              select: { id: true, code: true },
            });
            await tx.requestStatusChange.create({
              data: { requestId: created.id, fromStatus: null, toStatus: "submitted", actorId: citizenId, actorRole: "citizen", createdAt: now },
            });
            return created;
          });
        } catch (error) {
          // A code collision (P2002 on `code`) is retried with a fresh code; anything else is real.
          if ((error as { code?: string }).code !== "P2002" || attempt >= 4) throw error;
        }
      }
    },

    async listForCitizen(citizenId, limit) {
      const rows = await prisma.mediationRequest.findMany({ where: { citizenId }, orderBy: [{ submittedAt: "desc" }, { id: "desc" }], take: limit, select: summarySelect });
      return rows.map(toSummary);
    },

    async findForCitizen(id, citizenId) {
      const row = await prisma.mediationRequest.findFirst({ where: { id, citizenId }, select: detailsSelect });
      return row ? toDetails(row) : null;
    },

    async findById(id) {
      const row = await prisma.mediationRequest.findUnique({ where: { id }, select: detailsSelect });
      return row ? toDetails(row) : null;
    },

    async cancelByCitizen(id, citizenId, now): Promise<CancelResult> {
      return prisma.$transaction(async (tx) => {
        const row = await tx.mediationRequest.findFirst({ where: { id, citizenId }, select: { status: true } });
        if (!row) return { ok: false, reason: "not-found" } as const;
        const from = status(row.status);
        if (!citizenCanCancel(from)) return { ok: false, reason: "not-cancellable" } as const;
        // Conditional on the status we read: a concurrent change (a second tap, a mediator) wins or loses cleanly.
        const changed = await tx.mediationRequest.updateMany({ where: { id, citizenId, status: from }, data: { status: "cancelled", closedAt: now } });
        if (changed.count === 0) return { ok: false, reason: "not-cancellable" } as const;
        // An offer waiting for a mediator's answer is withdrawn: a late Accept must not revive the request.
        await tx.offer.updateMany({ where: { requestId: id, status: "pending" }, data: { status: "withdrawn", respondedAt: now } });
        await tx.requestStatusChange.create({ data: { requestId: id, fromStatus: from, toStatus: "cancelled", actorId: citizenId, actorRole: "citizen", createdAt: now } });
        const updated = await tx.mediationRequest.findUniqueOrThrow({ where: { id }, select: detailsSelect });
        return { ok: true, request: toDetails(updated) } as const;
      });
    },
  };
}
