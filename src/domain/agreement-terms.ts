// Saving the agreement's terms (issue #16, item 2): which drafts are valid, when each party is first asked
// "Was this done?" about a dated term, and the repository interface the terms conversation, the delivery
// and the invitation notices use. Pure; the clock and the zone are passed in.
import {
  MAX_AMOUNT_TENGE, MAX_TERMS, TERM_ACTION_MAX_LENGTH, TERM_PARTIES,
  type AgreementTermView, type CheckRecipient, type TermDraft,
} from "./agreement.js";
import { localDate, localToInstant } from "./scheduling.js";

/** The first "Was this done?" goes out at this local time (TIME_ZONE) on the day after the due date. */
export const TERM_CHECK_LOCAL_TIME = "10:00";
/** How far ahead a due date may be set (ten years): further is a typo. */
export const MAX_DUE_YEARS = 10;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date "YYYY-MM-DD" (not 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The calendar date `days` after a "YYYY-MM-DD" date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** When the first question about a term due on `dueDate` is asked: the next day at TERM_CHECK_LOCAL_TIME, local. */
export function firstCheckAt(dueDate: string, timeZone: string): Date {
  return localToInstant(addDays(dueDate, 1), TERM_CHECK_LOCAL_TIME, timeZone);
}

export type DraftProblem = "party" | "action" | "due-date" | "amount";

/** What is wrong with one draft at `now`, or null when it may be saved. */
export function draftProblem(draft: TermDraft, now: Date, timeZone: string): DraftProblem | null {
  if (!(TERM_PARTIES as readonly string[]).includes(draft.party)) return "party";
  const text = draft.action?.trim() ?? "";
  const spoken = typeof draft.voiceFileId === "string" && draft.voiceFileId.length > 0 && draft.voiceFileId.length <= 256;
  if (draft.action !== null && (text.length === 0 || [...text].length > TERM_ACTION_MAX_LENGTH)) return "action";
  if (draft.action === null && !spoken) return "action";
  if (draft.dueDate !== null) {
    const today = localDate(now, timeZone);
    if (!isCalendarDate(draft.dueDate) || draft.dueDate < today || draft.dueDate > addDays(today, 366 * MAX_DUE_YEARS)) return "due-date";
  }
  if (draft.amountTenge !== null && !(Number.isInteger(draft.amountTenge) && draft.amountTenge >= 1 && draft.amountTenge <= MAX_AMOUNT_TENGE)) return "amount";
  return null;
}

/** Reads a typed amount in tenge ("15 000", "15000 ₸", "15 000 тг"): a whole number 1..MAX_AMOUNT_TENGE, else null. */
export function parseAmount(text: string): number | null {
  const cleaned = text.trim().replace(/(₸|тг\.?|теңге|тенге|tenge|kzt)$/i, "").replace(/[\s\u00a0\u202f.,']/g, "");
  if (!/^\d{1,10}$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return n >= 1 && n <= MAX_AMOUNT_TENGE ? n : null;
}

/** The people a recipient role stands for in one case: the citizen, and the other party once they joined. */
export interface TermRecipient {
  recipient: CheckRecipient;
  userId: number;
  telegramId: bigint;
  locale: string | null;
  telegramLanguage: string | null;
}

/** What the delivery of the terms needs: the case, its terms, who gets them. */
export interface SavedAgreement {
  requestId: number;
  requestCode: string;
  citizenName: string | null;
  mediatorName: string;
  terms: AgreementTermView[];
  recipients: TermRecipient[];
}

export type SaveTermsRefusal = "not-found" | "not-yours" | "not-active" | "wrong-outcome" | "already-saved" | "no-terms" | "too-many" | "invalid";
export type SaveTermsResult = ({ ok: true } & SavedAgreement) | { ok: false; reason: SaveTermsRefusal };

/** What the terms conversation needs to start: the case, when this user may record its terms now. */
export interface TermsContext {
  appointmentId: number;
  requestId: number;
  requestCode: string;
  citizenName: string | null;
}

export interface AgreementRepository {
  /**
   * Saves an agreement's terms in one transaction, checked in the write: the user is the appointment's
   * mediator and active; the appointment is completed with the outcome agreement or partial; no terms were
   * saved for it yet (a second Done changes nothing); 1..MAX_TERMS drafts, each valid (draftProblem). Creates
   * the terms (positions 1..n) and, for each dated term, a round-1 TermCheck for the citizen and for the
   * joined other party, due the day after the due date at TERM_CHECK_LOCAL_TIME in `timeZone`.
   */
  saveTerms(appointmentId: number, mediatorUserId: number, drafts: TermDraft[], now: Date, timeZone: string): Promise<SaveTermsResult>;
  /** The case, when this user is its mediator (active) and the appointment awaits its terms; else the refusal. */
  termsContext(appointmentId: number, mediatorUserId: number): Promise<{ ok: true; context: TermsContext } | { ok: false; reason: SaveTermsRefusal }>;
  /** A case's terms in order (any appointment of the request). */
  termsFor(requestId: number): Promise<AgreementTermView[]>;
  /**
   * The other party joined a case whose terms were already saved: creates their round-1 TermChecks for the
   * dated terms not yet past their first question (idempotent) and returns what to send them; null when the
   * case has no terms or they are not its joined other party.
   */
  joinedLate(requestId: number, otherPartyUserId: number, now: Date, timeZone: string): Promise<SavedAgreement | null>;
}
