// Statistics for the mediation centre (/stats): pure functions over what the stats repository loads.
// Nothing here touches the database or the clock; the period's start is computed from an injected "now".
import { distanceKm } from "./geo.js";
import type { Oblast, Rayon } from "./region.js";

export const STATS_PERIODS = ["7d", "30d", "all"] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number];

const DAY_MS = 86_400_000;
const PERIOD_DAYS: Record<StatsPeriod, number | null> = { "7d": 7, "30d": 30, all: null };

/** Outcomes of a session that took place: the denominator of the agreement rate (no-show and postponed are not). */
export const HELD_OUTCOMES = ["agreement", "partial", "no_agreement"] as const;

export function isStatsPeriod(value: string): value is StatsPeriod {
  return (STATS_PERIODS as readonly string[]).includes(value);
}

/** Requests submitted at or after this instant belong to the period; null = all time. */
export function periodStart(period: StatsPeriod, now: Date): Date | null {
  const days = PERIOD_DAYS[period];
  return days === null ? null : new Date(now.getTime() - days * DAY_MS);
}

/** Median (mean of the middle two for an even count); null for an empty list. Does not modify `values`. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** part / whole, or null when there is nothing to divide (a rate of nothing is unknown, not 0 %). */
export function rate(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** What the repository loads for one period (src/db/repositories/stats-repository.ts). */
export interface StatsData {
  /** Requests submitted in the period, grouped by rayon, status and category. */
  requestGroups: Array<{ rayonCode: string; status: string; category: string; count: number }>;
  /** Requests of the period that a mediator accepted: minutes from submitting to acceptance. */
  acceptanceMinutes: number[];
  /** Appointments of the period's requests, by recorded outcome (no outcome yet: not listed). */
  outcomes: Record<string, number>;
  /** Ratings given to the period's appointments. */
  ratings: { count: number; sum: number };
  /** Every active mediator (period-independent: who serves now) with the rayons they serve. */
  activeMediators: Array<{ id: number; rayonCodes: string[] }>;
}

export interface CoverageGap {
  rayonCode: string;
  oblastCode: string;
  /** Requests from the rayon in the period. */
  requests: number;
  /** Distance from the rayon's centre to the nearest centre of a rayon an active mediator serves; null if none. */
  nearestKm: number | null;
  /** True when that distance is within the matching radius (a neighbour can take its requests). */
  withinRadius: boolean;
}

export interface OblastStats {
  oblastCode: string;
  requests: number;
  activeMediators: number;
}

export interface StatsSummary {
  total: number;
  byStatus: Record<string, number>;
  byCategory: Record<string, number>;
  /** Every oblast, in the directory's order. */
  byOblast: OblastStats[];
  matched: number;
  matchRate: number | null;
  medianAcceptanceMinutes: number | null;
  outcomes: Record<string, number>;
  /** Agreements among sessions that took place (HELD_OUTCOMES). */
  agreementRate: number | null;
  averageRating: number | null;
  ratingCount: number;
  activeMediators: number;
  gaps: CoverageGaps;
}

export interface CoverageGaps {
  /** Rayons with requests and no active mediator serving a rayon within the radius: most requests first. */
  uncovered: CoverageGap[];
  /** Rayons no active mediator serves themselves (superset of `uncovered`): most requests first, then farthest. */
  noMediator: CoverageGap[];
}

/**
 * Coverage gaps: where requests come from that nobody near can take, and where no mediator works at all.
 * The distance is between rayon centres, as in matching (src/domain/matching.ts), and the radius inclusive.
 */
export function coverageGaps(
  rayons: readonly Rayon[],
  demand: ReadonlyMap<string, number>,
  activeMediators: ReadonlyArray<{ rayonCodes: readonly string[] }>,
  radiusKm: number,
): CoverageGaps {
  const byCode = new Map(rayons.map((r) => [r.code, r]));
  const served = new Set<string>();
  for (const m of activeMediators) for (const code of m.rayonCodes) if (byCode.has(code)) served.add(code);
  const servedRayons = [...served].map((code) => byCode.get(code)!);

  const noMediator: CoverageGap[] = [];
  for (const rayon of rayons) {
    if (served.has(rayon.code)) continue;
    let nearestKm: number | null = null;
    for (const other of servedRayons) {
      const km = distanceKm(rayon, other);
      if (nearestKm === null || km < nearestKm) nearestKm = km;
    }
    const requests = demand.get(rayon.code) ?? 0;
    noMediator.push({ rayonCode: rayon.code, oblastCode: rayon.oblastCode, requests, nearestKm, withinRadius: nearestKm !== null && nearestKm <= radiusKm });
  }
  // Most demand first; among equals the farthest from any mediator (null = none at all) first; then by code.
  noMediator.sort((a, b) => b.requests - a.requests || (b.nearestKm ?? Infinity) - (a.nearestKm ?? Infinity) || compareCodes(a.rayonCode, b.rayonCode));
  return { uncovered: noMediator.filter((g) => g.requests > 0 && !g.withinRadius), noMediator };
}

function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Turns the loaded data into the figures the operator reads (and the CSV and chart are drawn from). */
export function summarizeStatistics(data: StatsData, regions: { oblasts: readonly Oblast[]; rayons: readonly Rayon[] }, radiusKm: number): StatsSummary {
  const byStatus: Record<string, number> = {};
  const byCategory: Record<string, number> = {};
  const demand = new Map<string, number>();
  let total = 0;
  for (const g of data.requestGroups) {
    total += g.count;
    byStatus[g.status] = (byStatus[g.status] ?? 0) + g.count;
    byCategory[g.category] = (byCategory[g.category] ?? 0) + g.count;
    demand.set(g.rayonCode, (demand.get(g.rayonCode) ?? 0) + g.count);
  }

  const oblastOf = new Map(regions.rayons.map((r) => [r.code, r.oblastCode]));
  const requestsByOblast = new Map<string, number>();
  for (const [code, count] of demand) {
    const oblast = oblastOf.get(code);
    if (oblast) requestsByOblast.set(oblast, (requestsByOblast.get(oblast) ?? 0) + count);
  }
  // A mediator serving several rayons of one oblast counts once there (and once in each other oblast).
  const mediatorsByOblast = new Map<string, Set<number>>();
  for (const m of data.activeMediators) {
    for (const code of m.rayonCodes) {
      const oblast = oblastOf.get(code);
      if (!oblast) continue;
      const ids = mediatorsByOblast.get(oblast) ?? new Set<number>();
      ids.add(m.id);
      mediatorsByOblast.set(oblast, ids);
    }
  }

  const held = HELD_OUTCOMES.reduce((sum, o) => sum + (data.outcomes[o] ?? 0), 0);
  return {
    total,
    byStatus,
    byCategory,
    byOblast: regions.oblasts.map((o) => ({ oblastCode: o.code, requests: requestsByOblast.get(o.code) ?? 0, activeMediators: mediatorsByOblast.get(o.code)?.size ?? 0 })),
    matched: data.acceptanceMinutes.length,
    matchRate: rate(data.acceptanceMinutes.length, total),
    medianAcceptanceMinutes: median(data.acceptanceMinutes),
    outcomes: data.outcomes,
    agreementRate: rate(data.outcomes.agreement ?? 0, held),
    averageRating: data.ratings.count > 0 ? data.ratings.sum / data.ratings.count : null,
    ratingCount: data.ratings.count,
    activeMediators: data.activeMediators.length,
    gaps: coverageGaps(regions.rayons, demand, data.activeMediators, radiusKm),
  };
}

/**
 * A text cell a spreadsheet would read as a formula (it starts with = + - @, a tab or a CR) gets a leading
 * apostrophe, so it is shown as text (OWASP "CSV injection"). Numbers are left as they are. The register
 * import takes the apostrophe off again (src/domain/register-import/csv-reader.ts), so "+7…" round-trips.
 */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One CSV line (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled. */
export function csvLine(fields: ReadonlyArray<string | number | null>): string {
  return fields.map((f) => {
    const text = f === null ? "" : typeof f === "number" ? String(f) : neutraliseCsvCell(f);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }).join(",");
}

/** A CSV document: header and rows, CRLF line ends, with a UTF-8 BOM so spreadsheet programs read Cyrillic right. */
export function csvDocument(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  return `\uFEFF${[header, ...rows].map(csvLine).join("\r\n")}\r\n`;
}
