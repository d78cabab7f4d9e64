// The /stats pictures as PNG, in the operator's language: the coverage map, the per-oblast bars and the
// weekly chart. Builds each chart's input from the summary, the SVG with the pure builders, the PNG with resvg.
import type { Locale } from "../../config.js";
import { nameIn } from "../../domain/region.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import type { FulfilmentSummary, StatsData, StatsPeriod, StatsSummary } from "../../domain/statistics.js";
import { PERIOD_NAME } from "../helpers/stats-text.js";
import type { Translate } from "../i18n.js";
import { coverageMapInput } from "./coverage-map-data.js";
import { kazakhstanOutline } from "./kazakhstan-outline.js";
import { renderSvgToPng } from "./render-png.js";
import { buildOblastBarsSvg } from "./svg-bars.js";
import { buildFulfilmentBarsSvg } from "./svg-fulfilment.js";
import { buildCoverageMapSvg } from "./svg-map.js";
import { buildWeeklySvg } from "./svg-weekly.js";
import type { WeeklyEvents } from "../../db/repositories/stats-repository.js";
import { weeklySeries } from "./weekly-series.js";

export interface PictureContext {
  t: Translate;
  locale: Locale;
  regions: RegionDirectory;
  radiusKm: number;
  timeZone: string;
  now: Date;
  period: StatsPeriod;
}

/**
 * The catalogue's text for a picture. i18next escapes interpolated values for Telegram HTML; SVG escaping is
 * done once by the builders, so here values go in as they are.
 */
function plain(c: PictureContext, key: string, values: Record<string, unknown> = {}): string {
  return c.t(key, { ...values, interpolation: { escapeValue: false } });
}

const periodName = (c: PictureContext) => plain(c, PERIOD_NAME[c.period]);
const today = (c: PictureContext) => new Intl.DateTimeFormat(c.locale, { dateStyle: "long", timeZone: c.timeZone }).format(c.now);

/** Requests of the period per rayon code. */
export function demandByRayon(data: StatsData): Map<string, number> {
  const demand = new Map<string, number>();
  for (const g of data.requestGroups) demand.set(g.rayonCode, (demand.get(g.rayonCode) ?? 0) + g.count);
  return demand;
}

/** The coverage map; with `oblast`, zoomed to that oblast with its rayons named. */
export function coverageMapSvg(data: StatsData, summary: StatsSummary, c: PictureContext, oblast?: string): string {
  const input = coverageMapInput(kazakhstanOutline(), demandByRayon(data), summary.gaps.noMediator, {
    text: (key, values) => plain(c, key, values),
    locale: c.locale,
    regions: c.regions,
    radiusKm: c.radiusKm,
    periodName: periodName(c),
    date: today(c),
  }, oblast);
  return buildCoverageMapSvg(input);
}

export function oblastBarsSvg(summary: StatsSummary, c: PictureContext): string {
  return buildOblastBarsSvg({
    rows: summary.byOblast.map((o) => {
      const oblast = c.regions.oblast(o.oblastCode);
      return { name: oblast ? nameIn(oblast, c.locale) : o.oblastCode, requests: o.requests, mediators: o.activeMediators };
    }),
    title: plain(c, "stats:bars.title", { period: periodName(c) }),
    subtitle: plain(c, "stats:bars.subtitle", { date: today(c) }),
    requestsLabel: plain(c, "stats:bars.requests"),
    mediatorsLabel: plain(c, "stats:bars.mediators"),
  });
}

/** The fulfilment rate per oblast (every oblast; "—" where no due term was answered). */
export function fulfilmentSvg(summary: FulfilmentSummary, c: PictureContext): string {
  const percent = new Intl.NumberFormat(c.locale, { style: "percent", maximumFractionDigits: 0 });
  return buildFulfilmentBarsSvg({
    rows: summary.byOblast.map((o) => {
      const oblast = c.regions.oblast(o.oblastCode);
      return { name: oblast ? nameIn(oblast, c.locale) : o.oblastCode, rate: o.rate, kept: o.kept, answered: o.kept + o.partly + o.notKept };
    }),
    title: plain(c, "stats:fulfilment.chart.title", { period: periodName(c) }),
    subtitle: plain(c, "stats:fulfilment.chart.subtitle", { date: today(c) }),
    formatRate: (rate) => percent.format(rate),
    unknown: plain(c, "stats:fulfilment.unknown"),
  });
}

export function weeklySvg(events: WeeklyEvents, since: Date | null, c: PictureContext): string {
  const weeks = weeklySeries(events, since, c.now, c.timeZone);
  const dayMonth = new Intl.DateTimeFormat(c.locale, { day: "numeric", month: "short", timeZone: "UTC" });
  const label = (monday: string) => dayMonth.format(new Date(`${monday}T00:00:00Z`));
  const lastSunday = weeks.length > 0 ? new Date(Date.parse(`${weeks.at(-1)!.monday}T00:00:00Z`) + 6 * 86_400_000) : c.now;
  return buildWeeklySvg({
    weeks: weeks.map((w) => ({ label: label(w.monday), requests: w.requests, matches: w.matches, agreements: w.agreements })),
    title: plain(c, "stats:weekly.title", { period: periodName(c) }),
    subtitle: plain(c, "stats:weekly.subtitle", { from: weeks.length > 0 ? label(weeks[0]!.monday) : "", to: dayMonth.format(lastSunday), date: today(c) }),
    legend: { requests: plain(c, "stats:weekly.requests"), matches: plain(c, "stats:weekly.matches"), agreements: plain(c, "stats:weekly.agreements") },
  });
}

export const coverageMapPng = (data: StatsData, summary: StatsSummary, c: PictureContext, oblast?: string) => renderSvgToPng(coverageMapSvg(data, summary, c, oblast));
export const oblastBarsPng = (summary: StatsSummary, c: PictureContext) => renderSvgToPng(oblastBarsSvg(summary, c));
export const fulfilmentPng = (summary: FulfilmentSummary, c: PictureContext) => renderSvgToPng(fulfilmentSvg(summary, c));
export const weeklyPng = (events: WeeklyEvents, since: Date | null, c: PictureContext) => renderSvgToPng(weeklySvg(events, since, c));
