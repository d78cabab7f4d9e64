// "Was this done?": the follow-up question about one agreement term, asked of one party the day after the
// term's due date (issue #16, item 3). The TermCheck rows are a work queue like the reminders
// (src/domain/reminder-queue.ts): pending → sending (claimed by exactly one caller) → sent → answered, or
// cancelled / missed. "Not yet" plans the next round. A "not done" or "partly" answer lets the person open a
// follow-up case with the same mediator. Pure types; no grammY, no Prisma.
import type { CheckRecipient, TermAnswer, TermParty } from "./agreement.js";

export const TERM_CHECK_STATUSES = ["pending", "sending", "sent", "answered", "missed", "cancelled"] as const;
export type TermCheckStatus = (typeof TERM_CHECK_STATUSES)[number];

/** After this many attempts a question that keeps failing is recorded as missed. */
export const MAX_TERM_CHECK_ATTEMPTS = 5;
/** Answers after which the person is told their options and may open a follow-up case. */
export const FOLLOW_UP_ANSWERS: readonly TermAnswer[] = ["not_done", "partly"];

export interface ClaimedTermCheck {
  id: number;
  termId: number;
  recipient: CheckRecipient;
  round: number;
  dueAt: Date;
  /** Attempts including this one. */
  attempts: number;
}

/** A person the bot writes to on its own, with what it needs to pick their language. */
export interface Addressee {
  telegramId: bigint;
  locale: string | null;
  telegramLanguage: string | null;
}

/** One agreement term as the question and the notices show it (no names, no phone numbers). */
export interface TermSummary {
  position: number;
  party: TermParty;
  /** Typed text; null when the term was spoken. */
  action: string | null;
  spoken: boolean;
  /** Local date YYYY-MM-DD, or null for "no date". */
  dueDate: string | null;
  amountTenge: number | null;
}

/**
 * What sending one claimed question needs. `cancel` says why it is not to be sent at all: the recipient erased
 * their data or blocked the bot (or left the case), or the case's terms were erased.
 */
export type TermQuestion =
  | { cancel: "recipient-gone" | "term-erased" | "not-found" }
  | { cancel: null; checkId: number; round: number; requestCode: string; recipient: Addressee; term: TermSummary };

/** What the bot tells the case's mediator after a "not done" or "partly" (and what the tapper is told). */
export interface AnswerNotice {
  requestId: number;
  requestCode: string;
  recipient: CheckRecipient;
  answer: TermAnswer;
  term: TermSummary;
  /** The case's mediator, when there still is one with a chat. */
  mediator: Addressee | null;
}

export type AnswerRefusal = "not-found" | "already" | "not-asked";
export type AnswerResult =
  | { ok: true; notice: AnswerNotice; /** When "not yet" planned another question; null otherwise. */ nextDueAt: Date | null }
  | { ok: false; reason: AnswerRefusal };

export type FollowUpRefusal = "not-found" | "no-reason";
export type FollowUpResult =
  | {
    ok: true;
    /** false: this person's open follow-up of this case already existed (a second tap creates nothing). */
    created: boolean;
    requestId: number;
    code: string;
    firstCode: string;
    /** The first case's mediator, offered the follow-up first; null when it had none. */
    firstMediatorId: number | null;
  }
  | { ok: false; reason: FollowUpRefusal };

export interface TermCheckRepository {
  /** Claims up to `limit` due rows (and stale "sending" ones); returns only the rows this caller won. */
  claimDue(now: Date, limit?: number): Promise<ClaimedTermCheck[]>;
  markSent(id: number, now: Date): Promise<void>;
  markCancelled(id: number, now: Date, reason?: string): Promise<void>;
  markMissed(id: number, now: Date, reason?: string): Promise<void>;
  /** A failed attempt: back to pending, or missed once MAX_TERM_CHECK_ATTEMPTS is reached. Returns the new status. */
  markFailed(id: number, error: string, now: Date): Promise<"pending" | "missed" | "unchanged">;
  /** What the question about a claimed row says and to whom, or why it is not to be sent. */
  question(checkId: number): Promise<TermQuestion>;
  /**
   * A tap on an answer, checked in the write: the user is the row's recipient (citizen → the request's
   * citizen; other_party → its joined other party), the question was sent and not answered yet. "not_yet"
   * plans round + 1 at now + recheckDays while round ≤ MAX_REASKS, in the same transaction.
   */
  answer(checkId: number, userId: number, answer: TermAnswer, now: Date, recheckDays: number): Promise<AnswerResult>;
  /**
   * Opens a follow-up case of the first case for a party who answered "not done" or "partly" about one of its
   * terms: one open follow-up per first case and person (a repeated tap returns the same one).
   */
  openFollowUpCase(requestId: number, userId: number, now: Date): Promise<FollowUpResult>;
}

/** Sends one claimed question: "sent", or "skip" when it is no longer to be asked (the row is cancelled). */
export interface TermCheckSender {
  send(check: ClaimedTermCheck, now: Date): Promise<"sent" | "skip">;
}
