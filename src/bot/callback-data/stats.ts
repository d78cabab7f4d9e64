// Callback data of /stats: "st:p:<period>" shows a period, "st:csv:<period>" sends its CSV files (and the map),
// "st:map:<period>" the coverage map, "st:wk:<period>" the weekly chart.
// Parsed strictly (anything else is not ours); whether the tapping person is an operator is checked on every tap.
import { isStatsPeriod, type StatsPeriod } from "../../domain/statistics.js";

export type StatsActionType = "period" | "csv" | "map" | "weekly";
export type StatsAction = { type: StatsActionType; period: StatsPeriod };

const CODE: Record<StatsActionType, string> = { period: "p", csv: "csv", map: "map", weekly: "wk" };
const TYPE_OF = new Map(Object.entries(CODE).map(([type, code]) => [code, type as StatsActionType]));

export function packStats(action: StatsAction): string {
  return `st:${CODE[action.type]}:${action.period}`;
}

export function parseStats(data: string | undefined): StatsAction | null {
  const match = data === undefined ? null : /^st:(p|csv|map|wk):([a-z0-9]{1,3})$/.exec(data);
  if (!match || !isStatsPeriod(match[2]!)) return null;
  return { type: TYPE_OF.get(match[1]!)!, period: match[2] };
}
