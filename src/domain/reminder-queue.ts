// The reminder rows as a work queue: what the reminder job and the operator digest need from storage.
// A row moves pending → sending (claimed by exactly one caller) → sent | cancelled | missed; a failed send
// goes back to pending until MAX_REMINDER_ATTEMPTS, then it is missed with its last error.
import type { DueReminder } from "./reminders.js";

/** After this many attempts a reminder that keeps failing is recorded as missed. */
export const MAX_REMINDER_ATTEMPTS = 5;
/**
 * A row left in "sending" for longer than this was claimed by an instance that crashed mid-send; it is
 * claimed again. Trade-off: if the crash came after Telegram accepted the message but before the row was
 * marked sent, that one message is sent a second time (at-least-once across a crash, exactly-once otherwise).
 */
export const STALE_SENDING_MS = 5 * 60_000;
/** How long a mediator may stay without proposing times or recording an outcome before the case is "stuck". */
export const STUCK_AFTER_MS = 24 * 3_600_000;

export const STUCK_KINDS = ["no_proposal", "no_outcome"] as const;
export type StuckKind = (typeof STUCK_KINDS)[number];

export interface StuckCase {
  kind: StuckKind;
  requestId: number;
  code: string;
  /** Since when the case waits: acceptance (no_proposal) or the session's end (no_outcome). */
  since: Date;
}

export interface ClaimedReminder extends DueReminder {
  /** Attempts including this one. */
  attempts: number;
}

export interface ReminderQueue {
  /** Claims up to `limit` due rows (and stale "sending" ones); returns only the rows this caller won. */
  claimDue(now: Date, limit?: number): Promise<ClaimedReminder[]>;
  markSent(id: number, now: Date): Promise<void>;
  markCancelled(id: number, now: Date): Promise<void>;
  markMissed(id: number, now: Date, reason?: string): Promise<void>;
  /** A failed attempt: back to pending, or missed once MAX_REMINDER_ATTEMPTS is reached. Returns the new status. */
  markFailed(id: number, error: string, now: Date): Promise<"pending" | "missed" | "unchanged">;
  /** The one "propose times" nudge for a mediator who accepted a request. */
  scheduleProposeNudge(requestId: number, acceptedAt: Date): Promise<void>;
  /** Cases waiting on a mediator for more than STUCK_AFTER_MS, oldest first. */
  stuckCases(now: Date): Promise<StuckCase[]>;
}
