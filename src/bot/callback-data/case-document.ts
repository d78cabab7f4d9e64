// Callback data of the case documents. Untrusted like all callback data; who may have the document is checked
// when it is loaded (src/db/repositories/case-document-repository.ts):
//   doc:c:<requestId>  the mediation contract draft
//   doc:a:<requestId>  the agreement draft
export type CaseDocumentKind = "contract" | "agreement";
export interface CaseDocumentAction { kind: CaseDocumentKind; requestId: number }

const ID = /^[1-9]\d{0,9}$/;

export function packCaseDocument(action: CaseDocumentAction): string {
  return `doc:${action.kind === "contract" ? "c" : "a"}:${action.requestId}`;
}

export function parseCaseDocument(data: string | undefined): CaseDocumentAction | null {
  if (!data || data.length > 64) return null;
  const [head, kind, id, ...rest] = data.split(":");
  if (head !== "doc" || rest.length > 0 || !id || !ID.test(id) || Number(id) > 2_147_483_647) return null;
  if (kind === "c") return { kind: "contract", requestId: Number(id) };
  if (kind === "a") return { kind: "agreement", requestId: Number(id) };
  return null;
}
