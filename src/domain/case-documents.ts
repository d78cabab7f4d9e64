// The two papers of a case as plain data, for the PDF drafts (src/bot/documents): the mediation contract, once a
// session is confirmed, and the written agreement, once a completed session recorded agreement terms. Pure types
// and small rules; no grammY, no Prisma. Who may read them is decided where they are loaded
// (src/db/repositories/case-document-repository.ts).
import type { AgreementTermView } from "./agreement.js";
import type { MediatorKind } from "./mediator.js";
import type { Category, SessionLanguage } from "./request.js";

/** A party as the case names it; `name` null means a blank line to complete by hand. */
export interface DocumentParty {
  name: string | null;
}

export interface DocumentMediator {
  fullName: string;
  kind: MediatorKind;
  /** The register entry when the bot holds it; null prints a blank line. */
  registryNumber: string | null;
}

export interface DocumentSession {
  /** The confirmed (or held) time; null only for data that predates confirmation. */
  startsAt: Date | null;
  /** in_person | phone | video */
  mode: string;
  /** The meeting place the mediator typed (in person only). */
  place: string | null;
  rayon: { nameKk: string; nameRu: string };
}

interface CaseDocumentBase {
  requestCode: string;
  /** The case's session language: kk or en puts Kazakh first, ru puts Russian first. */
  caseLanguage: SessionLanguage;
  category: Category;
  /** Party 1: the person who asked for mediation. */
  citizen: DocumentParty;
  /** Party 2: the other side, named only once they joined through an invitation. */
  otherParty: DocumentParty;
  mediator: DocumentMediator;
  session: DocumentSession;
}

export type ContractDocument = CaseDocumentBase;

export interface AgreementDocument extends CaseDocumentBase {
  /** In their order (position 1, 2, …). */
  terms: AgreementTermView[];
}

export type CaseDocumentRefusal = "not-found" | "not-yours" | "not-ready";

export type CaseDocumentLoad<T> = { ok: true; document: T } | { ok: false; reason: CaseDocumentRefusal };

export interface CaseDocumentRepository {
  /**
   * The contract's data, for the request's citizen, its joined other party or its mediator only: "not-yours" for
   * anyone else, "not-ready" until a session is confirmed (or held).
   */
  contract(requestId: number, viewerUserId: number): Promise<CaseDocumentLoad<ContractDocument>>;
  /**
   * The agreement's data, for the same three people: "not-ready" until a completed session with the outcome
   * agreement or partial agreement has saved terms.
   */
  agreement(requestId: number, viewerUserId: number): Promise<CaseDocumentLoad<AgreementDocument>>;
}

/** Which of the two languages comes first on the paper. */
export function documentLanguages(caseLanguage: SessionLanguage): ["kk", "ru"] | ["ru", "kk"] {
  return caseLanguage === "ru" ? ["ru", "kk"] : ["kk", "ru"];
}

/** How a term's action reads on paper: typed text, a spoken term (to write out by hand), or nothing left (erased). */
export type TermWording = { kind: "typed"; text: string } | { kind: "spoken" } | { kind: "blank" };

export function termWording(term: Pick<AgreementTermView, "action" | "voiceFileId">): TermWording {
  const text = term.action?.trim();
  if (text) return { kind: "typed", text };
  return term.voiceFileId ? { kind: "spoken" } : { kind: "blank" };
}
