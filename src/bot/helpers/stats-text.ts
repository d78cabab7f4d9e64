// /stats as the operator reads it: the summary message, the chart's caption and the two CSV files,
// in the operator's language (names of regions via nameIn; CSV headers stay machine-readable English).
import type { Locale } from "../../config.js";
import { nameIn } from "../../domain/region.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import { CATEGORIES } from "../../domain/request.js";
import { REQUEST_STATUSES } from "../../domain/request-lifecycle.js";
import { OUTCOMES } from "../../domain/appointments.js";
import { csvDocument, type CoverageGap, type FulfilmentFigures, type FulfilmentSummary, type StatsPeriod, type StatsSummary } from "../../domain/statistics.js";
import type { Translate } from "../i18n.js";

/** Gaps listed in the message; the CSV has them all. */
export const GAPS_IN_MESSAGE = 10;

export const PERIOD_NAME: Record<StatsPeriod, string> = { "7d": "stats:period.week", "30d": "stats:period.month", all: "stats:period.all" };
export const PERIOD_BUTTON: Record<StatsPeriod, string> = { "7d": "stats:buttons.week", "30d": "stats:buttons.month", all: "stats:buttons.all" };

interface TextContext {
  t: Translate;
  locale: Locale;
  regions: RegionDirectory;
}

const stripIcon = (label: string) => label.replace(/^[^\p{L}\p{N}]+/u, "");

function percent(value: number | null, c: TextContext): string {
  return value === null ? c.t("stats:noData") : new Intl.NumberFormat(c.locale, { style: "percent", maximumFractionDigits: 0 }).format(value);
}

function duration(minutes: number | null, c: TextContext): string {
  if (minutes === null) return c.t("stats:noData");
  const rounded = Math.round(minutes);
  return rounded < 60 ? c.t("stats:durationMinutes", { minutes: rounded }) : c.t("stats:durationHours", { hours: Math.floor(rounded / 60), minutes: rounded % 60 });
}

function rayonName(code: string, c: TextContext): string {
  const rayon = c.regions.rayon(code);
  return rayon ? nameIn(rayon, c.locale) : code;
}

function oblastName(code: string, c: TextContext): string {
  const oblast = c.regions.oblast(code);
  return oblast ? nameIn(oblast, c.locale) : code;
}

function counts(labels: Array<[string, number]>, c: TextContext): string[] {
  const shown = labels.filter(([, n]) => n > 0);
  return shown.length === 0 ? [c.t("stats:noData")] : shown.map(([label, n]) => `• ${label}: ${n}`);
}

export function renderStatsText(s: StatsSummary, period: StatsPeriod, radiusKm: number, c: TextContext): string {
  const { t } = c;
  const gapLines = s.gaps.uncovered.slice(0, GAPS_IN_MESSAGE).map((g) =>
    t("stats:gaps.line", { rayon: rayonName(g.rayonCode, c), oblast: oblastName(g.oblastCode, c), requests: g.requests, distance: g.nearestKm === null ? t("stats:gaps.noMediatorAnywhere") : t("stats:gaps.km", { km: Math.round(g.nearestKm) }) }),
  );
  const moreGaps = s.gaps.uncovered.length - GAPS_IN_MESSAGE;
  return [
    t("stats:title", { period: t(PERIOD_NAME[period]) }),
    t("stats:total", { count: s.total }),
    "",
    t("stats:byStatus"),
    ...counts(REQUEST_STATUSES.map((st) => [t(`requests:status.${st}`), s.byStatus[st] ?? 0]), c),
    "",
    t("stats:byCategory"),
    ...counts(CATEGORIES.map((cat) => [t(`requests:labels.category.${cat}`), s.byCategory[cat] ?? 0]), c),
    "",
    t("stats:byOblast"),
    ...s.byOblast.map((o, i) => t("stats:oblastLine", { number: i + 1, oblast: oblastName(o.oblastCode, c), requests: o.requests, mediators: o.activeMediators })),
    "",
    t("stats:matchRate", { percent: percent(s.matchRate, c), matched: s.matched, total: s.total }),
    t("stats:medianAcceptance", { duration: duration(s.medianAcceptanceMinutes, c) }),
    "",
    t("stats:outcomes"),
    ...counts(OUTCOMES.map((o) => [t(`appointments:outcome.names.${o}`), s.outcomes[o] ?? 0]), c),
    t("stats:agreementRate", { percent: percent(s.agreementRate, c) }),
    t("stats:rating", {
      rating: s.averageRating === null ? t("stats:noData") : new Intl.NumberFormat(c.locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(s.averageRating),
      count: s.ratingCount,
    }),
    t("stats:activeMediators", { count: s.activeMediators }),
    "",
    t("stats:gaps.title", { km: radiusKm }),
    ...(gapLines.length === 0 ? [t("stats:gaps.noneFound")] : gapLines),
    ...(moreGaps > 0 ? [t("stats:gaps.more", { count: moreGaps })] : []),
    t("stats:gaps.noMediator", { count: s.gaps.noMediator.length }),
  ].join("\n");
}

/** The fulfilment rate as a percentage, or "—" when no due term was answered (never 0 %). */
export function fulfilmentRate(value: number | null, c: TextContext): string {
  return value === null ? c.t("stats:fulfilment.unknown") : percent(value, c);
}

/**
 * The "Agreements and whether they are kept" section of /stats: overall figures, the oblasts with any agreement
 * or due term, and the footnote with the rule (src/domain/statistics.ts, summarizeFulfilment).
 */
export function renderFulfilmentText(f: FulfilmentSummary, c: TextContext): string {
  const { t } = c;
  const o = f.overall;
  const active = f.byOblast.filter((b) => b.agreements > 0 || b.termsDue > 0);
  const figures = (b: FulfilmentFigures) => ({ agreements: b.agreements, termsDue: b.termsDue, kept: b.kept, partly: b.partly, notKept: b.notKept, rate: fulfilmentRate(b.rate, c) });
  return [
    t("stats:fulfilment.title"),
    ...(o.agreements === 0 && o.termsDue === 0 ? [t("stats:fulfilment.none")] : [
      t("stats:fulfilment.agreements", { count: o.agreements }),
      t("stats:fulfilment.termsDue", { count: o.termsDue, kept: o.kept, partly: o.partly, notKept: o.notKept, open: o.termsDue - o.kept - o.partly - o.notKept }),
      t("stats:fulfilment.rate", { rate: fulfilmentRate(o.rate, c) }),
      ...(active.length === 0 ? [] : [t("stats:fulfilment.byOblast"), ...active.map((b) => t("stats:fulfilment.oblastLine", { oblast: oblastName(b.oblastCode, c), ...figures(b) }))]),
    ]),
    t("stats:fulfilment.footnote"),
  ].join("\n");
}

export function renderChartCaption(period: StatsPeriod, c: TextContext): string {
  return c.t("stats:chartCaption", { period: c.t(PERIOD_NAME[period]) });
}

/** The fulfilment columns of a row: counts, and the rate as a fraction rounded to 4 places (empty when unknown). */
function fulfilmentCells(f: FulfilmentFigures): Array<number | null> {
  return [f.agreements, f.termsDue, f.kept, f.partly, f.notKept, f.rate === null ? null : Math.round(f.rate * 10_000) / 10_000];
}

/**
 * stats-<period>.csv: requests by oblast (with active mediators), category and status — every value, zeros too;
 * oblast rows and the "overall" row also carry agreements, terms due, kept / partly / not kept and the fulfilment
 * rate (kept ÷ (kept + partly + not kept); empty when no due term was answered).
 */
export function statsCsv(s: StatsSummary, f: FulfilmentSummary, c: TextContext): string {
  const { t } = c;
  const none = [null, null, null, null, null, null];
  const byOblast = new Map(f.byOblast.map((o) => [o.oblastCode, o]));
  return csvDocument(["dimension", "code", "name", "requests", "active_mediators", "agreements", "terms_due", "terms_kept", "terms_partly", "terms_not_kept", "fulfilment_rate"], [
    ["overall", "all", t("stats:fulfilment.overall"), s.total, s.activeMediators, ...fulfilmentCells(f.overall)],
    ...s.byOblast.map((o) => ["oblast", o.oblastCode, oblastName(o.oblastCode, c), o.requests, o.activeMediators, ...(byOblast.has(o.oblastCode) ? fulfilmentCells(byOblast.get(o.oblastCode)!) : none)]),
    ...CATEGORIES.map((cat) => ["category", cat, t(`requests:labels.category.${cat}`), s.byCategory[cat] ?? 0, null, ...none]),
    ...REQUEST_STATUSES.map((st) => ["status", st, stripIcon(t(`requests:status.${st}`)), s.byStatus[st] ?? 0, null, ...none]),
  ]);
}

/** coverage-gaps.csv: every rayon no active mediator serves, most requests first, with the nearest mediator's distance. */
export function coverageGapsCsv(gaps: readonly CoverageGap[], c: TextContext): string {
  return csvDocument(["rayon_code", "rayon", "oblast", "requests", "nearest_active_mediator_km", "within_radius"], gaps.map((g) => [
    g.rayonCode,
    rayonName(g.rayonCode, c),
    oblastName(g.oblastCode, c),
    g.requests,
    g.nearestKm === null ? null : Math.round(g.nearestKm),
    g.withinRadius ? "yes" : "no",
  ]));
}
