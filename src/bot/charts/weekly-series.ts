// Requests, acceptances and agreements counted per calendar week (Monday to Sunday in the bot's time zone).
// Pure: the events' instants come from the stats repository, "now" and the time zone are passed in.
import type { WeeklyEvents } from "../../db/repositories/stats-repository.js";

export interface WeekCounts {
  /** The week's Monday as "YYYY-MM-DD" (local date in the time zone). */
  monday: string;
  requests: number;
  matches: number;
  agreements: number;
}

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of an instant's local date, as `format` (en-CA: "YYYY-MM-DD") writes it. */
function localDay(instant: Date, format: Intl.DateTimeFormat): number {
  return Math.round(Date.parse(`${format.format(instant)}T00:00:00Z`) / DAY_MS);
}

/** The Monday on or before `day` (1970-01-01 was a Thursday). */
const mondayOf = (day: number) => day - ((day + 3) % 7);

/**
 * One row per week from the week of `since` (or of the earliest event when null) to the week of `now`, at most
 * `maxWeeks` of the latest; weeks without events are there with zeros, so the chart's gaps are real gaps.
 */
export function weeklySeries(events: WeeklyEvents, since: Date | null, now: Date, timeZone: string, maxWeeks = 26): WeekCounts[] {
  const format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  const earliest = [events.requests, events.matches, events.agreements].flat().reduce((min, d) => Math.min(min, d.getTime()), now.getTime());
  const last = mondayOf(localDay(now, format));
  const first = Math.max(mondayOf(localDay(since ?? new Date(earliest), format)), last - 7 * (maxWeeks - 1));
  const weeks = Array.from({ length: Math.max(0, (last - first) / 7 + 1) }, (_, i) => ({ day: first + 7 * i, requests: 0, matches: 0, agreements: 0 }));
  const add = (dates: readonly Date[], key: "requests" | "matches" | "agreements") => {
    for (const d of dates) {
      const index = (mondayOf(localDay(d, format)) - first) / 7;
      if (index >= 0 && index < weeks.length) weeks[index]![key] += 1;
    }
  };
  add(events.requests, "requests");
  add(events.matches, "matches");
  add(events.agreements, "agreements");
  return weeks.map(({ day, ...counts }) => ({ monday: new Date(day * DAY_MS).toISOString().slice(0, 10), ...counts }));
}
