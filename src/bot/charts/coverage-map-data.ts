// What the coverage map shows, from the /stats summary: each rayon's requests and coverage class (taken from
// the summary's coverage gaps, so the map and the gaps list never disagree), oblast names in the operator's
// language at the middle of their rayons, the three cities of republican significance named beside their dot.
import type { Locale } from "../../config.js";
import { nameIn, type Rayon } from "../../domain/region.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import type { CoverageGap } from "../../domain/statistics.js";
import type { Outline } from "./kazakhstan-outline.js";
import { dotRadius, type Coverage, type CoverageMapInput, type MapDot, type MapLabel } from "./svg-map.js";

export interface CoverageMapTexts {
  /** The catalogue's text for a key, unescaped (the SVG builder escapes). */
  text: (key: string, values?: Record<string, unknown>) => string;
  locale: Locale;
  regions: RegionDirectory;
  radiusKm: number;
  /** "last 30 days", already translated. */
  periodName: string;
  /** The date the map is made, already formatted. */
  date: string;
}

/** Coverage of every rayon: not among `noMediator` = served; among them within the radius = nearby; else none. */
export function coverageByRayon(rayons: readonly Rayon[], noMediator: readonly CoverageGap[]): Map<string, Coverage> {
  const gaps = new Map(noMediator.map((g) => [g.rayonCode, g]));
  return new Map(rayons.map((r) => {
    const gap = gaps.get(r.code);
    return [r.code, gap === undefined ? "served" : gap.withinRadius ? "nearby" : "none"];
  }));
}

/**
 * The map's content. With `focusOblast` (a code the directory knows) it is zoomed to that oblast and names its
 * rayons instead of the oblasts; the neighbours' dots stay where they fall inside the picture.
 */
export function coverageMapInput(
  outline: Outline,
  demand: ReadonlyMap<string, number>,
  noMediator: readonly CoverageGap[],
  c: CoverageMapTexts,
  focusOblast?: string,
): CoverageMapInput {
  const oblasts = c.regions.oblasts();
  const rayons = oblasts.flatMap((o) => c.regions.rayonsOf(o.code));
  const coverage = coverageByRayon(rayons, noMediator);
  const dots: MapDot[] = rayons.map((r) => ({ code: r.code, latitude: r.latitude, longitude: r.longitude, requests: demand.get(r.code) ?? 0, coverage: coverage.get(r.code)! }));
  const focus = focusOblast === undefined ? undefined : c.regions.oblast(focusOblast);
  const legend = {
    served: c.text("stats:map.legend.served"),
    nearby: c.text("stats:map.legend.nearby", { km: c.radiusKm }),
    none: c.text("stats:map.legend.none"),
    size: c.text("stats:map.legend.size"),
  };
  if (focus) {
    const units = c.regions.rayonsOf(focus.code);
    return {
      outline,
      dots,
      // Each name just under its dot.
      labels: units.map((r) => ({ text: nameIn(r, c.locale), latitude: r.latitude, longitude: r.longitude, size: 17, dy: dotRadius(demand.get(r.code) ?? 0) + 12 })),
      title: c.text("stats:map.oblastTitle", { oblast: nameIn(focus, c.locale), period: c.periodName }),
      subtitle: c.text("stats:map.subtitle", { date: c.date }),
      legend,
      focus: units.map((r) => [r.longitude, r.latitude] as const),
    };
  }
  const labels: MapLabel[] = oblasts.flatMap((o): MapLabel[] => {
    const units = c.regions.rayonsOf(o.code);
    if (units.length === 0) return [];
    if (o.kind === "city") return [{ text: nameIn(o, c.locale), latitude: units[0]!.latitude, longitude: units[0]!.longitude, size: 20, dy: 26 }];
    // The middle of the units' extent, not their mean: a cluster of small units round a city would pull the
    // name onto the city's own label.
    const lats = units.map((r) => r.latitude);
    const lons = units.map((r) => r.longitude);
    const latitude = (Math.min(...lats) + Math.max(...lats)) / 2;
    const longitude = (Math.min(...lons) + Math.max(...lons)) / 2;
    return [{ text: nameIn(o, c.locale), latitude, longitude, size: 22 }];
  });
  return {
    outline,
    dots,
    labels,
    title: c.text("stats:map.title", { period: c.periodName }),
    subtitle: c.text("stats:map.subtitle", { date: c.date }),
    legend,
  };
}
