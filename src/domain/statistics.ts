// Statistics for the mediation centre (/stats): pure functions over what the stats repository loads.
// Nothing here touches the database or the clock; the period's start is computed from an injected "now".
import { termFulfilment, type TermAnswer, TERM_ANSWERS } from "./agreement.js";
import { distanceKm } from "./geo.js";
import type { Oblast, Rayon } from "./region.js";
import { localDate } from "./scheduling.js";

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

// ---------------------------------------------------------------------------------------------------------
// Agreements and whether they are kept (issue #16, part 5).
//
// The rule, also written in the /stats footnote (stats:fulfilment.footnote):
// - agreements reached: sessions whose recorded outcome is "agreement" or "partial", recorded in the period;
// - terms due: agreement terms whose due date (a local date, TIME_ZONE) falls in the period, up to today;
// - each due term stands by its parties' latest answers, "not yet" left aside: one "not done" makes it not
//   kept, else one "partly" makes it partly kept, else one "done" makes it kept (termFulfilment); a term with
//   no such answer yet is open and counts in none of the three;
// - fulfilment rate = kept ÷ (kept + partly + not kept); with no answered term it is unknown (shown "—"),
//   never 0 %.
// ---------------------------------------------------------------------------------------------------------

/** An answer given about a term: codes only (the repository never loads a term's text). */
export interface TermAnswerFact {
  /** citizen | other_party */
  recipient: string;
  /** 1, or 2 and 3 when asked again after "not yet". */
  round: number;
  answer: string;
}

/** What the stats repository loads about agreements and their terms for one period: rayon codes and answer codes. */
export interface FulfilmentData {
  /** Agreements reached in the period, per rayon of the case. */
  agreements: Array<{ rayonCode: string; count: number }>;
  /** Each term due in the period: the case's rayon and the answers given about it. */
  termsDue: Array<{ rayonCode: string; answers: TermAnswerFact[] }>;
}

export interface FulfilmentFigures {
  agreements: number;
  termsDue: number;
  kept: number;
  partly: number;
  notKept: number;
  /** kept ÷ (kept + partly + notKept); null when no due term was answered. */
  rate: number | null;
}

export interface FulfilmentSummary {
  overall: FulfilmentFigures;
  /** Every oblast, in the directory's order. */
  byOblast: Array<FulfilmentFigures & { oblastCode: string }>;
}

/** The local dates a period's due terms fall between (inclusive): from the period's first day (null: any) to today. */
export function duePeriod(period: StatsPeriod, now: Date, timeZone: string): { from: string | null; to: string } {
  const start = periodStart(period, now);
  return { from: start === null ? null : localDate(start, timeZone), to: localDate(now, timeZone) };
}

const isTermAnswer = (value: string): value is TermAnswer => (TERM_ANSWERS as readonly string[]).includes(value);

/** Each party's latest answer about a term that is not "not yet" (the highest round; unknown codes ignored). */
export function latestAnswers(answers: readonly TermAnswerFact[]): TermAnswer[] {
  const latest = new Map<string, { round: number; answer: TermAnswer }>();
  for (const a of answers) {
    if (a.answer === "not_yet" || !isTermAnswer(a.answer)) continue;
    const seen = latest.get(a.recipient);
    if (!seen || a.round > seen.round) latest.set(a.recipient, { round: a.round, answer: a.answer });
  }
  return [...latest.values()].map((v) => v.answer);
}

function emptyFigures(): FulfilmentFigures {
  return { agreements: 0, termsDue: 0, kept: 0, partly: 0, notKept: 0, rate: null };
}

function withRate(f: FulfilmentFigures): FulfilmentFigures {
  return { ...f, rate: rate(f.kept, f.kept + f.partly + f.notKept) };
}

/** Agreements, due terms and their standing, per oblast and overall. Rayons not in the directory count overall only. */
export function summarizeFulfilment(data: FulfilmentData, regions: { oblasts: readonly Oblast[]; rayons: readonly Rayon[] }): FulfilmentSummary {
  const oblastOf = new Map(regions.rayons.map((r) => [r.code, r.oblastCode]));
  const overall = emptyFigures();
  const byOblast = new Map(regions.oblasts.map((o) => [o.code, emptyFigures()]));
  const add = (rayonCode: string, change: (f: FulfilmentFigures) => void) => {
    change(overall);
    const oblast = byOblast.get(oblastOf.get(rayonCode) ?? "");
    if (oblast) change(oblast);
  };
  for (const a of data.agreements) add(a.rayonCode, (f) => (f.agreements += a.count));
  for (const term of data.termsDue) {
    const standing = termFulfilment(latestAnswers(term.answers));
    add(term.rayonCode, (f) => {
      f.termsDue += 1;
      if (standing === "kept") f.kept += 1;
      else if (standing === "partly") f.partly += 1;
      else if (standing === "not_kept") f.notKept += 1;
    });
  }
  return {
    overall: withRate(overall),
    byOblast: regions.oblasts.map((o) => ({ oblastCode: o.code, ...withRate(byOblast.get(o.code)!) })),
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
