// Time logic of appointments: which days and times a mediator may propose, converting a local date and
// time in the configured zone to an instant, and which reminders an appointment needs. Pure; `now` and
// the zone are always passed in. Kazakhstan is on UTC+5 all year, but nothing here assumes it.

export const PROPOSAL_DAYS = 14;
/** Proposable local times: 08:00 to 20:00 every half hour. */
export const SLOT_TIMES: readonly string[] = Array.from({ length: 25 }, (_, i) => `${String(8 + Math.floor(i / 2)).padStart(2, "0")}:${i % 2 ? "30" : "00"}`);
/** A slot must start at least this long after "now", so that nobody is invited to the past or in a rush. */
export const MIN_LEAD_MINUTES = 60;
export const MAX_SLOTS = 3;
export const DEFAULT_DURATION_MINUTES = 60;

/** Offset of `timeZone` from UTC at `instant`, in minutes (positive east of Greenwich). */
export function zoneOffsetMinutes(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The local calendar date ("YYYY-MM-DD") of an instant in the zone. */
export function localDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** The instant of a local date and time ("2026-12-01", "10:30") in the zone. */
export function localToInstant(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  // Two passes settle the offset even across a DST change (not that Kazakhstan has one any more).
  let instant = guess - zoneOffsetMinutes(new Date(guess), timeZone) * 60_000;
  instant = guess - zoneOffsetMinutes(new Date(instant), timeZone) * 60_000;
  return new Date(instant);
}

/** The next PROPOSAL_DAYS local dates starting today, as "YYYY-MM-DD". */
export function proposableDates(now: Date, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  return Array.from({ length: PROPOSAL_DAYS }, (_, i) => new Date(Date.UTC(y, m - 1, d + i)).toISOString().slice(0, 10));
}

/** Times of `date` still proposable at `now` (today loses the past and the next hour). */
export function proposableTimes(date: string, now: Date, timeZone: string): string[] {
  return SLOT_TIMES.filter((time) => isProposable(localToInstant(date, time, timeZone), now, timeZone));
}

export function isProposable(instant: Date, now: Date, timeZone: string): boolean {
  if (instant.getTime() < now.getTime() + MIN_LEAD_MINUTES * 60_000) return false;
  return proposableDates(now, timeZone).includes(localDate(instant, timeZone));
}

export type ReminderKind = "before_24h" | "before_2h" | "outcome_ask" | "rating_ask" | "nudge_outcome";
export type ReminderRecipient = "citizen" | "mediator";

export interface PlannedReminder {
  kind: ReminderKind;
  recipient: ReminderRecipient;
  dueAt: Date;
}

const HOUR = 3_600_000;

/**
 * Reminders of a confirmed appointment: 24 h and 2 h before (both sides; a reminder whose time has
 * already passed when the appointment is confirmed is not planned), and after its end the outcome
 * question (mediator), the rating question (citizen) and, a day later, one nudge for a missing outcome.
 */
export function planReminders(startsAt: Date, durationMinutes: number, now: Date): PlannedReminder[] {
  const end = new Date(startsAt.getTime() + durationMinutes * 60_000);
  const before: PlannedReminder[] = [];
  for (const [kind, hours] of [["before_24h", 24], ["before_2h", 2]] as const) {
    const dueAt = new Date(startsAt.getTime() - hours * HOUR);
    if (dueAt.getTime() > now.getTime()) for (const recipient of ["citizen", "mediator"] as const) before.push({ kind, recipient, dueAt });
  }
  return [
    ...before,
    { kind: "outcome_ask", recipient: "mediator", dueAt: end },
    { kind: "rating_ask", recipient: "citizen", dueAt: end },
    { kind: "nudge_outcome", recipient: "mediator", dueAt: new Date(end.getTime() + 24 * HOUR) },
  ];
}

/** When a mediator who accepted but proposed no times is reminded (once). */
export function proposeNudgeDue(acceptedAt: Date): Date {
  return new Date(acceptedAt.getTime() + 24 * HOUR);
}

const INTL: Record<string, string> = { kk: "kk-KZ", ru: "ru-RU", en: "en-GB" };

/** "Сейсенбі, 1 желтоқсан, 10:30" / "вторник, 1 декабря, 10:30" / "Tuesday, 1 December, 10:30" in the zone. */
export function formatLocalDateTime(instant: Date, locale: string, timeZone: string): string {
  return new Intl.DateTimeFormat(INTL[locale] ?? "en-GB", { timeZone, weekday: "long", day: "numeric", month: "long", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(instant);
}

/**
 * RFC 5545 text escaping (§3.3.11): backslash, semicolon and comma escaped, every line end (CRLF, LF or a
 * lone CR) written as \\n, and any other control character dropped, so a value never starts a new property.
 */
function icsText(value: string): string {
  return value
    .replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/[\u0000-\u001f\u007f]/g, "");
}

const ICS_LINE_OCTETS = 75;

/**
 * Folds a content line at 75 octets (RFC 5545 §3.1): CRLF and one space before each continuation, which
 * then holds at most 74 octets of the value. Splits only between characters, never inside a UTF-8 sequence.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let octets = 0;
  let limit = ICS_LINE_OCTETS;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, "utf8");
    if (octets + size > limit) {
      parts.push(current);
      current = "";
      octets = 0;
      limit = ICS_LINE_OCTETS - 1; // the leading space counts
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join("\r\n ");
}

const icsInstant = (d: Date) => d.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");

/** A one-event calendar file (times in UTC, so every calendar app shows the local time correctly). */
export function buildIcs(event: { uid: string; start: Date; durationMinutes: number; summary: string; location?: string | null; description?: string; now: Date }): string {
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Kelisim//Mediation//KK",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `DTSTAMP:${icsInstant(event.now)}`,
    `DTSTART:${icsInstant(event.start)}`,
    `DTEND:${icsInstant(new Date(event.start.getTime() + event.durationMinutes * 60_000))}`,
    `SUMMARY:${icsText(event.summary)}`,
    ...(event.location ? [`LOCATION:${icsText(event.location)}`] : []),
    ...(event.description ? [`DESCRIPTION:${icsText(event.description)}`] : []),
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return `${lines.map(foldIcsLine).join("\r\n")}\r\n`;
}
