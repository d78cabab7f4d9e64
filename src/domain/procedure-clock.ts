// The procedure clock (issue #16, part 4). The mediation contract is taken as signed at the first held session:
// the earliest appointment of the request that was confirmed or completed, whose start has passed, and whose
// outcome is not "no_show" (nobody came: nothing was signed). Out of court the procedure usually ends within
// about 30 days of the contract (law notes §6, marked [P]: every text hedges it). So on day 25 without a final
// outcome the mediator is reminded once, and from day 30 the operators' daily digest lists the case.
// Pure: instants and "now" are always passed in; days are whole 24-hour periods since the session's start.

import type { LocalizedNames } from "./region.js";

const DAY_MS = 86_400_000;

/** Day of the procedure on which the mediator is reminded once. */
export const PROCEDURE_REMINDER_DAY = 25;
/** Day from which the operators' digest lists the case as overdue (the usual term, "about 30 days"). */
export const PROCEDURE_OVERDUE_DAY = 30;

/** Appointment statuses a held session can have (a proposed or cancelled one was never held). */
export const HELD_SESSION_STATUSES = ["confirmed", "completed"] as const;
/** Request statuses in which the case is still open with its mediator (no final outcome yet). */
export const PROCEDURE_OPEN_STATUSES = ["accepted", "scheduled"] as const;

export interface SessionFact {
  status: string;
  startsAt: Date | null;
  outcome: string | null;
}

/** Whether this appointment counts as a held session at `now`. */
export function isHeldSession(session: SessionFact, now: Date): boolean {
  return (
    (HELD_SESSION_STATUSES as readonly string[]).includes(session.status) &&
    session.startsAt !== null &&
    session.startsAt.getTime() <= now.getTime() &&
    session.outcome !== "no_show"
  );
}

/** The start of the first held session (the day the contract is taken as signed), or null if none was held. */
export function contractStart(sessions: readonly SessionFact[], now: Date): Date | null {
  let first: Date | null = null;
  for (const s of sessions) {
    if (isHeldSession(s, now) && (first === null || s.startsAt!.getTime() < first.getTime())) first = s.startsAt;
  }
  return first;
}

/** Whole days from the contract's start to `now` (0 on the day itself; never negative). */
export function procedureDay(start: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - start.getTime()) / DAY_MS));
}

/** Sessions that started at or before this instant are at least `day` days old at `now`. */
export function procedureCutoff(now: Date, day: number): Date {
  return new Date(now.getTime() - day * DAY_MS);
}

/** True once the procedure has run `PROCEDURE_REMINDER_DAY` whole days. */
export function reminderDue(start: Date, now: Date): boolean {
  return procedureDay(start, now) >= PROCEDURE_REMINDER_DAY;
}

/** A case whose procedure has run long: what the reminder and the digest show. */
export interface LongProcedure {
  requestId: number;
  code: string;
  rayonCode: string;
  /** The rayon's names (the digest names it in each operator's language). */
  rayon: LocalizedNames;
  /** Start of the first held session. */
  since: Date;
  days: number;
}

/** The reminder the job sends: the case, its mediator's chat and language, and the day count. */
export interface ProcedureReminder extends LongProcedure {
  mediatorId: number;
  mediatorTelegramId: bigint;
  /** The mediator's language settings (User.locale, User.telegramLanguage). */
  mediatorLanguage: { locale: string | null; telegramLanguage: string | null };
}

export interface ProcedureClockRepository {
  /**
   * Open cases whose first held session started at least PROCEDURE_REMINDER_DAY days ago and whose mediator
   * was not reminded yet (at most `limit`).
   */
  findDue(now: Date, limit: number): Promise<ProcedureReminder[]>;
  /** Sets procedureRemindedAt if it is still unset: true for exactly one caller per case. */
  claim(requestId: number, now: Date): Promise<boolean>;
  /** Open cases past `day` days since their first held session, longest first (all of them: the caller bounds the list). */
  overdue(now: Date, day: number): Promise<LongProcedure[]>;
}
