// A mediator's open cases as the workspace shows them: plain data, no Prisma types.
import type { Category } from "./request.js";
import type { RequestStatus } from "./request-lifecycle.js";

/** Statuses in which a request is the mediator's open case: accepted, and a meeting scheduled. */
export const OPEN_CASE_STATUSES = ["accepted", "scheduled"] as const satisfies readonly RequestStatus[];
export type OpenCaseStatus = (typeof OPEN_CASE_STATUSES)[number];

export interface MediatorCase {
  id: number;
  code: string;
  status: OpenCaseStatus;
  category: Category;
  rayonCode: string;
  /** The name the citizen asked to be called by (or their Telegram first name); null once erased. */
  citizenName: string | null;
  citizenPhone: string | null;
  acceptedAt: Date | null;
  /** not_invited | invited | agreed | declined (src/domain/invitations.ts). */
  otherPartyStatus?: string;
  /** Accepted, and no meeting proposed or confirmed yet: the card offers "Propose times". */
  needsTimes?: boolean;
  /** A follow-up case: the first case's code (a term of its agreement was not carried out). */
  followUpOfCode?: string | null;
}

export interface MediatorCaseRepository {
  /** The mediator's open cases (accepted or scheduled), oldest accepted first; none while the profile is not active. */
  listOpenForMediator(mediatorId: number): Promise<MediatorCase[]>;
  /** For operators (reassignment): the open cases of any mediator, by code only (no contact, no description). */
  listOpenCodes(mediatorId: number): Promise<Array<{ id: number; code: string; status: OpenCaseStatus }>>;
}
