// Callback data of /stats: "st:p:<period>" shows a period, "st:csv:<period>" sends its CSV files (and the map),
// "st:map:<period>" the coverage map, "st:wk:<period>" the weekly chart, "st:fu:<period>" the fulfilment-rate
// chart, "st:mo:<oblast>:<period>" the map
// zoomed to one oblast (at most 6 + 24 + 4 bytes). Parsed strictly (anything else is not ours); whether the
// oblast exists is the handler's question, and whether the tapping person is an operator is checked on every tap.
import { isStatsPeriod, type StatsPeriod } from "../../domain/statistics.js";

export type StatsActionType = "period" | "csv" | "map" | "weekly" | "fulfilment";
export type StatsAction = { type: StatsActionType; period: StatsPeriod } | { type: "oblastMap"; oblast: string; period: StatsPeriod };

const CODE: Record<StatsActionType, string> = { period: "p", csv: "csv", map: "map", weekly: "wk", fulfilment: "fu" };
const TYPE_OF = new Map(Object.entries(CODE).map(([type, code]) => [code, type as StatsActionType]));

export function packStats(action: StatsAction): string {
  return action.type === "oblastMap" ? `st:mo:${action.oblast}:${action.period}` : `st:${CODE[action.type]}:${action.period}`;
}

export function parseStats(data: string | undefined): StatsAction | null {
  if (data === undefined) return null;
  const oblast = /^st:mo:([a-z_]{1,24}):([a-z0-9]{1,3})$/.exec(data);
  if (oblast) return isStatsPeriod(oblast[2]!) ? { type: "oblastMap", oblast: oblast[1]!, period: oblast[2] } : null;
  const match = /^st:(p|csv|map|wk|fu):([a-z0-9]{1,3})$/.exec(data);
  if (!match || !isStatsPeriod(match[2]!)) return null;
  return { type: TYPE_OF.get(match[1]!)!, period: match[2] };
}
