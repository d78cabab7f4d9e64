// Callback data of /stats: "st:p:<period>" shows a period, "st:csv:<period>" sends its CSV files.
// Parsed strictly (anything else is not ours); whether the tapping person is an operator is checked on every tap.
import { isStatsPeriod, type StatsPeriod } from "../../domain/statistics.js";

export type StatsAction = { type: "period"; period: StatsPeriod } | { type: "csv"; period: StatsPeriod };

export function packStats(action: StatsAction): string {
  return `st:${action.type === "period" ? "p" : "csv"}:${action.period}`;
}

export function parseStats(data: string | undefined): StatsAction | null {
  const match = data === undefined ? null : /^st:(p|csv):([a-z0-9]{1,3})$/.exec(data);
  if (!match || !isStatsPeriod(match[2]!)) return null;
  return { type: match[1] === "p" ? "period" : "csv", period: match[2] };
}
