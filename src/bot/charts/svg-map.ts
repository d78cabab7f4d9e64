// The coverage map as SVG: Kazakhstan's border (projected with d3-geo), one dot per rayon or city at its
// centroid — its area grows with the requests of the period, its colour says how the rayon is covered —
// oblast names, a title and a legend. Pure: everything it shows comes in `CoverageMapInput`.
import { geoConicConformal, geoPath, type GeoPermissibleObjects, type GeoProjection } from "d3-geo";
import type { Outline } from "./kazakhstan-outline.js";
import { escapeXml, px, svgDocument, svgText, wrapLabel } from "./svg.js";

/** served: an active mediator works in the rayon; nearby: one within MATCH_RADIUS_KM; none: nobody within reach. */
export type Coverage = "served" | "nearby" | "none";
export const COVERAGES: readonly Coverage[] = ["served", "nearby", "none"];
export const COVERAGE_COLOURS: Record<Coverage, string> = { served: "#16a34a", nearby: "#f59e0b", none: "#dc2626" };

export interface MapDot {
  code: string;
  latitude: number;
  longitude: number;
  requests: number;
  coverage: Coverage;
}

export interface MapLabel {
  text: string;
  latitude: number;
  longitude: number;
  size: number;
  /** Offset from the projected point, px (city names sit beside their dot). */
  dx?: number;
  dy?: number;
  anchor?: "start" | "middle" | "end";
}

export interface CoverageMapInput {
  outline: Outline;
  dots: readonly MapDot[];
  labels: readonly MapLabel[];
  title: string;
  subtitle: string;
  legend: Record<Coverage, string> & { size: string };
  /** One oblast's units (longitude, latitude): the map is zoomed to them; absent = the whole country. */
  focus?: ReadonlyArray<readonly [number, number]>;
}

/** 1280 px wide (a phone shows it full-screen without losing the labels); the map between title and legend. */
export const MAP_LAYOUT = { width: 1280, height: 940, top: 104, bottom: 128, side: 24 } as const;

/**
 * The projection the map is drawn with: a conformal conic for Kazakhstan's latitudes, fitted to the map area —
 * the whole border, or (zoomed) one oblast's unit centres with room round them for dots and names.
 */
export function mapProjection(outline: Outline, focus?: CoverageMapInput["focus"]): GeoProjection {
  const { width, height, top, bottom, side } = MAP_LAYOUT;
  const projection = geoConicConformal().parallels([44, 52]).rotate([-67, 0]);
  if (!focus || focus.length === 0) return projection.fitExtent([[side, top], [width - side, height - bottom]], outline);
  const points: GeoPermissibleObjects = { type: "MultiPoint", coordinates: focus.map(([lon, lat]) => [lon, lat]) };
  return projection.fitExtent([[side + 90, top + 40], [width - side - 90, height - bottom - 50]], points);
}

/** Dot radius, px: 6 with no requests; the area grows with the count, up to 30 px. */
export function dotRadius(requests: number): number {
  return Math.min(30, 6 + 3.2 * Math.sqrt(Math.max(0, requests)));
}

export function buildCoverageMapSvg(input: CoverageMapInput): string {
  const { width, height, side } = MAP_LAYOUT;
  const projection = mapProjection(input.outline, input.focus);
  const border = geoPath(projection).digits(1)(input.outline) ?? "";
  const at = (lon: number, lat: number) => projection([lon, lat]) ?? [0, 0];

  // Big dots first, so that small ones stay visible on top of them.
  const dots = [...input.dots].sort((a, b) => b.requests - a.requests || a.code.localeCompare(b.code)).map((d) => {
    const [x, y] = at(d.longitude, d.latitude);
    return `<circle class="dot dot-${d.coverage}" data-code="${escapeXml(d.code)}" data-requests="${d.requests}" cx="${px(x)}" cy="${px(y)}" r="${px(dotRadius(d.requests))}" fill="${COVERAGE_COLOURS[d.coverage]}" stroke="#ffffff" stroke-width="1.5"/>`;
  });
  const labels = input.labels.flatMap((l) => {
    const [x, y] = at(l.longitude, l.latitude);
    const lines = input.focus ? [l.text] : wrapLabel(l.text, 12);
    const y0 = y + (l.dy ?? 0) - ((lines.length - 1) * l.size * 1.1) / 2 + l.size * 0.35;
    // Kept inside the picture: a border oblast's name must not run off the edge (0.62 em: DejaVu's wide letters).
    const half = (Math.max(...lines.map((line) => line.length)) * l.size * 0.62) / 2;
    const cx = l.anchor && l.anchor !== "middle" ? x + (l.dx ?? 0) : Math.min(Math.max(x + (l.dx ?? 0), side + half), width - side - half);
    return lines.map((line, i) => svgText(cx, y0 + i * l.size * 1.1, line, { size: l.size, anchor: l.anchor ?? "middle", halo: true, fill: "#111827", className: "label" }));
  });

  const legendTop = height - MAP_LAYOUT.bottom + 30;
  const legendItem = (coverage: Coverage, column: number, row: number) => {
    const x = side + 16 + column * (width / 2);
    const y = legendTop + row * 40;
    return [
      `<circle class="legend-${coverage}" cx="${px(x)}" cy="${px(y)}" r="11" fill="${COVERAGE_COLOURS[coverage]}" stroke="#ffffff" stroke-width="1.5"/>`,
      svgText(x + 22, y + 8, input.legend[coverage], { size: 24, className: "legend" }),
    ];
  };
  const sizeX = width / 2 + side + 16;
  return svgDocument(width, height, [
    // A long title (an oblast's name in front) gets smaller letters rather than running off the edge.
    svgText(side, 46, input.title, { size: Math.min(34, Math.floor((width - 2 * side) / (input.title.length * 0.6))), fill: "#111827", className: "title" }),
    svgText(side, 84, input.subtitle, { size: 22, fill: "#4b5563", className: "subtitle" }),
    // Zoomed in, the rest of the country lies outside the map area: clipped, so it never covers title or legend.
    `<clipPath id="map-area"><rect x="0" y="${MAP_LAYOUT.top - 8}" width="${width}" height="${height - MAP_LAYOUT.top - MAP_LAYOUT.bottom + 8}"/></clipPath>`,
    `<g clip-path="url(#map-area)">`,
    `<path class="border" d="${border}" fill="#f3f4f6" stroke="#6b7280" stroke-width="2" stroke-linejoin="round"/>`,
    ...dots,
    ...labels,
    "</g>",
    ...legendItem("served", 0, 0),
    ...legendItem("nearby", 0, 1),
    ...legendItem("none", 1, 0),
    `<circle cx="${px(sizeX - 4)}" cy="${px(legendTop + 40)}" r="6" fill="#9ca3af"/>`,
    `<circle cx="${px(sizeX + 16)}" cy="${px(legendTop + 40)}" r="13" fill="#9ca3af"/>`,
    svgText(sizeX + 38, legendTop + 48, input.legend.size, { size: 24, className: "legend" }),
  ]);
}
