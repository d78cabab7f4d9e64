// The daily operator digest: when it is due (a local time in the configured zone, once per local day)
// and what it contains. Pure time logic; `now` and the zone are always passed in.
import { localDate, localToInstant } from "./scheduling.js";
import type { LongProcedure } from "./procedure-clock.js";
import type { StuckCase } from "./reminder-queue.js";

export const DIGEST_TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Codes listed per section; the rest is "and N more". */
export const DIGEST_LIST_LIMIT = 10;

/** The local date "YYYY-MM-DD" after `date`. */
export function nextLocalDate(date: string): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** The instants where the local `date` starts (inclusive) and ends (exclusive) in the zone. */
export function localDayBounds(date: string, timeZone: string): { start: Date; end: Date } {
  return { start: localToInstant(date, "00:00", timeZone), end: localToInstant(nextLocalDate(date), "00:00", timeZone) };
}

/**
 * Today's local date, and whether today's digest is due: from `digestTime` ("HH:MM", local) until the end of
 * the local day. A bot that was down at that time sends it when it comes back, the same day.
 */
export function digestDue(now: Date, timeZone: string, digestTime: string): { date: string; due: boolean } {
  const date = localDate(now, timeZone);
  return { date, due: localToInstant(date, digestTime, timeZone).getTime() <= now.getTime() };
}

export interface DigestSection<T> {
  count: number;
  /** At most DIGEST_LIST_LIMIT items, oldest (or earliest) first. */
  items: T[];
}

export interface DigestData {
  /** The local date the digest is for. */
  date: string;
  newRequests: DigestSection<{ code: string }>;
  unmatched: DigestSection<{ code: string }>;
  stuck: DigestSection<StuckCase>;
  sessionsToday: DigestSection<{ code: string; startsAt: Date }>;
  /** Open cases past PROCEDURE_OVERDUE_DAY days since their first held session without an outcome, longest first. */
  overdue: DigestSection<Pick<LongProcedure, "code" | "rayon" | "days">>;
}

export interface DigestRepository {
  /** Claims the digest of a local date: true for exactly one caller, even on two instances at once. */
  claim(date: string, now: Date): Promise<boolean>;
  hasRun(date: string): Promise<boolean>;
  /**
   * Requests submitted in the last 24 h, requests waiting unmatched, confirmed sessions starting within [dayStart, dayEnd),
   * and cases whose procedure has run past PROCEDURE_OVERDUE_DAY days without an outcome.
   */
  collect(now: Date, day: { start: Date; end: Date }): Promise<Omit<DigestData, "date" | "stuck">>;
}

export function section<T>(all: readonly T[]): DigestSection<T> {
  return { count: all.length, items: all.slice(0, DIGEST_LIST_LIMIT) };
}
