// The case documents as PDF drafts: the mediation contract (once a session is confirmed) and the written
// agreement (once a completed session recorded agreement terms), for the case's citizen, its joined other party
// and its mediator. Who may have them is checked where the data is loaded (case-document-repository.ts, in the
// query). pdfkit and the renderers are loaded on first use only, so a bot that never prints pays nothing for them.
import type { PrismaClient } from "../../db/client.js";
import { createCaseDocumentRepository } from "../../db/repositories/case-document-repository.js";
import type { CaseDocumentRepository } from "../../domain/case-documents.js";
import { createI18n, type I18n } from "../i18n.js";

export type DocumentResult =
  | { ok: true; pdf: Buffer; filename: string }
  | { ok: false; reason: "not-found" | "not-yours" | "not-ready" };

export interface CaseDocumentService {
  contract(requestId: number, viewerUserId: number, now: Date): Promise<DocumentResult>;
  agreement(requestId: number, viewerUserId: number, now: Date): Promise<DocumentResult>;
}

export interface CaseDocumentOptions {
  /** The catalogues (the app's own instance); read from locales/ when left out. */
  i18n?: I18n;
  /** TIME_ZONE, for the session's date; Asia/Almaty (the config default) when left out. */
  timeZone?: string;
  /** The data source; the Prisma repository over `prisma` when left out (tests may pass a fake). */
  repository?: CaseDocumentRepository;
}

/** Safe in a file name whatever a code holds (codes are KL-XXXXX today). */
const fileSafe = (code: string) => code.replace(/[^A-Za-z0-9-]/g, "");

export function createCaseDocumentService(prisma: PrismaClient, options: CaseDocumentOptions = {}): CaseDocumentService {
  const repository = options.repository ?? createCaseDocumentRepository(prisma);
  const timeZone = options.timeZone ?? "Asia/Almaty";
  let i18n = options.i18n;
  const catalogues = () => (i18n ??= createI18n("kk"));

  return {
    async contract(requestId, viewerUserId, now) {
      const loaded = await repository.contract(requestId, viewerUserId);
      if (!loaded.ok) return loaded;
      const { renderContractPdf } = await import("./contract-pdf.js");
      const pdf = await renderContractPdf(catalogues(), loaded.document, timeZone, now);
      return { ok: true, pdf, filename: `kelisim-contract-${fileSafe(loaded.document.requestCode)}.pdf` };
    },

    async agreement(requestId, viewerUserId, now) {
      const loaded = await repository.agreement(requestId, viewerUserId);
      if (!loaded.ok) return loaded;
      const { renderAgreementPdf } = await import("./agreement-pdf.js");
      const pdf = await renderAgreementPdf(catalogues(), loaded.document, timeZone, now);
      return { ok: true, pdf, filename: `kelisim-agreement-${fileSafe(loaded.document.requestCode)}.pdf` };
    },
  };
}
