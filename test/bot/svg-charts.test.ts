import { describe, expect, it } from "vitest";
import { packStats, parseStats, type StatsActionType } from "../../src/bot/callback-data/stats.js";
import { coverageMapInput } from "../../src/bot/charts/coverage-map-data.js";
import { kazakhstanOutline } from "../../src/bot/charts/kazakhstan-outline.js";
import { escapeXml, svgText } from "../../src/bot/charts/svg.js";
import { buildOblastBarsSvg, BARS_LAYOUT } from "../../src/bot/charts/svg-bars.js";
import { buildCoverageMapSvg, COVERAGE_COLOURS, dotRadius } from "../../src/bot/charts/svg-map.js";
import { buildWeeklySvg, niceStep } from "../../src/bot/charts/svg-weekly.js";
import { weeklySeries } from "../../src/bot/charts/weekly-series.js";
import { createI18n } from "../../src/bot/i18n.js";
import type { Oblast, Rayon } from "../../src/domain/region.js";
import { createRegionDirectory } from "../../src/domain/region-directory.js";
import { coverageGaps, STATS_PERIODS } from "../../src/domain/statistics.js";

const names = (en: string) => ({ nameKk: `${en} (kk)`, nameRu: `${en} (ru)`, nameEn: en });
const oblast = (code: string, en: string): Oblast => ({ code, kind: "oblast", kato: code, ...names(en) });
const rayon = (code: string, oblastCode: string, latitude: number, longitude: number): Rayon => ({ code, oblastCode, kind: "rayon", kato: code, adminCenter: code, latitude, longitude, ...names(code) });

// A hand-made country: a mediator in "north.served"; "north.near" 57 km from it; two rayons in the west,
// 2,000 km away, one with demand and one without. The second oblast's name needs escaping.
const OBLASTS = [oblast("north", "North Region"), oblast("west", "West <&> \"Region\"")];
const RAYONS = [
  rayon("north.served", "north", 51.1, 71.4),
  rayon("north.near", "north", 51.5, 72.0),
  rayon("west.asking", "west", 43.65, 51.2),
  rayon("west.quiet", "west", 47.1, 51.9),
];
const DEMAND = new Map([["north.served", 2], ["north.near", 1], ["west.asking", 16]]);
const regions = createRegionDirectory(OBLASTS, RAYONS);
const t = createI18n("en").t("en");
const text = (key: string, values?: Record<string, unknown>) => t(key, { ...values, interpolation: { escapeValue: false } });

function mapSvg(): string {
  const { noMediator } = coverageGaps(RAYONS, DEMAND, [{ rayonCodes: ["north.served"] }], 150);
  return buildCoverageMapSvg(coverageMapInput(kazakhstanOutline(), DEMAND, noMediator, { text, locale: "en", regions, radiusKm: 150, periodName: "last 7 days", date: "March 14, 2026" }));
}

/** The attributes of every element `<tag …>` whose class list contains `className`. */
function elements(svg: string, tag: string, className: string): Array<Record<string, string>> {
  return [...svg.matchAll(new RegExp(`<${tag} ([^>]*)>`, "g"))]
    .map((m) => Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])))
    .filter((a) => (a.class ?? "").split(" ").includes(className));
}

const texts = (svg: string, className: string) => [...svg.matchAll(new RegExp(`<text [^>]*class="${className}"[^>]*>([^<]*)</text>`, "g"))].map((m) => m[1]);

describe("SVG text", () => {
  it("escapes the XML specials and drops control characters", () => {
    expect(escapeXml(`a<b>&"c'\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&#39;");
    expect(svgText(1.234, 5, "<x>", { size: 20 })).toBe('<text x="1.2" y="5" font-size="20" fill="#1f2937">&lt;x&gt;</text>');
  });
});

describe("coverage map SVG", () => {
  it("has one dot per rayon, coloured by its coverage class and sized by its requests", () => {
    const svg = mapSvg();
    const dots = elements(svg, "circle", "dot");
    expect(dots.map((d) => d["data-code"]).sort()).toEqual(RAYONS.map((r) => r.code).sort());
    const byCode = Object.fromEntries(dots.map((d) => [d["data-code"], d]));
    expect(Object.fromEntries(dots.map((d) => [d["data-code"], d.class]))).toEqual({
      "north.served": "dot dot-served",
      "north.near": "dot dot-nearby",
      "west.asking": "dot dot-none",
      "west.quiet": "dot dot-none",
    });
    expect(byCode["north.served"]!.fill).toBe(COVERAGE_COLOURS.served);
    expect(byCode["north.near"]!.fill).toBe(COVERAGE_COLOURS.nearby);
    expect(byCode["west.asking"]!.fill).toBe(COVERAGE_COLOURS.none);
    expect(Number(byCode["west.asking"]!.r)).toBeCloseTo(dotRadius(16), 1);
    expect(Number(byCode["west.asking"]!.r)).toBeGreaterThan(Number(byCode["west.quiet"]!.r));
    // The biggest dot is drawn first, so the small ones stay visible on top of it.
    expect(dots[0]!["data-code"]).toBe("west.asking");
    expect(new Set(Object.values(COVERAGE_COLOURS)).size).toBe(3);
  });

  it("writes the title, the oblast names (escaped) and the legend", () => {
    const svg = mapSvg();
    expect(texts(svg, "title")).toEqual(["Where mediators are needed — last 7 days"]);
    expect(texts(svg, "subtitle")).toEqual(["Kelisim, March 14, 2026 · one dot per district or city"]);
    expect(texts(svg, "label")).toEqual(["North Region", "West &lt;&amp;&gt;", "&quot;Region&quot;"]);
    expect(texts(svg, "legend")).toEqual(["an active mediator in the district", "an active mediator within 150 km", "no mediator within reach", "dot size: requests in the period"]);
    expect(svg).not.toMatch(/<[^a-z/!?]/); // no unescaped "<" inside text
    expect(elements(svg, "path", "border")).toHaveLength(1);
  });
});

describe("coverage map zoomed to one oblast", () => {
  it("keeps every dot, names the oblast's rayons instead of the oblasts, and puts the oblast in the title", () => {
    const { noMediator } = coverageGaps(RAYONS, DEMAND, [{ rayonCodes: ["north.served"] }], 150);
    const texts2 = { text, locale: "en" as const, regions, radiusKm: 150, periodName: "last 7 days", date: "March 14, 2026" };
    const svg = buildCoverageMapSvg(coverageMapInput(kazakhstanOutline(), DEMAND, noMediator, texts2, "north"));
    expect(elements(svg, "circle", "dot")).toHaveLength(RAYONS.length);
    expect(texts(svg, "label")).toEqual(["north.served", "north.near"]);
    expect(texts(svg, "title")).toEqual(["North Region: where mediators are needed — last 7 days"]);
    expect(svg).toContain('clip-path="url(#map-area)"');
  });
});

describe("per-oblast bars SVG", () => {
  const rows = [{ name: "Akmola Region", requests: 40, mediators: 1 }, { name: "Abai Region", requests: 10, mediators: 2 }, { name: "Astana", requests: 0, mediators: 0 }];
  const svg = buildOblastBarsSvg({ rows, title: "Requests — last 30 days", subtitle: "Kelisim", requestsLabel: "Requests", mediatorsLabel: "Active mediators" });

  it("names every oblast and writes each value at its bar's end", () => {
    expect(texts(svg, "name")).toEqual(["Akmola Region", "Abai Region", "Astana"]);
    expect(texts(svg, "value value-requests")).toEqual(["40", "10", "0"]);
    expect(texts(svg, "value value-mediators")).toEqual(["1", "2", "0"]);
    expect(texts(svg, "column")).toEqual(["Requests", "Active mediators"]);
    const bars = elements(svg, "rect", "bar-requests");
    const widths = bars.map((b) => Number(b.width));
    expect(widths[0]).toBeCloseTo(BARS_LAYOUT.requestsWidth - BARS_LAYOUT.valueRoom, 0);
    expect(widths[1]! / widths[0]!).toBeCloseTo(0.25, 2);
    expect(widths[2]).toBe(0);
    // Each value sits 8 px after the end of its bar.
    const valueX = elements(svg, "text", "value-requests").map((v) => Number(v.x));
    bars.forEach((b, i) => expect(valueX[i]).toBeCloseTo(Number(b.x) + Number(b.width) + 8, 0));
  });

  it("draws nothing odd when every value is zero", () => {
    const zero = buildOblastBarsSvg({ rows: rows.map((r) => ({ ...r, requests: 0, mediators: 0 })), title: "t", subtitle: "s", requestsLabel: "r", mediatorsLabel: "m" });
    expect(zero).not.toContain("NaN");
    expect(elements(zero, "rect", "bar").every((b) => b.width === "0")).toBe(true);
  });
});

describe("weekly chart", () => {
  const now = new Date("2026-03-14T06:00:00Z"); // Saturday in Almaty (UTC+5)

  it("counts weeks from Monday in the bot's time zone", () => {
    const weeks = weeklySeries({
      requests: [new Date("2026-03-08T18:30:00Z"), new Date("2026-03-08T19:30:00Z"), new Date("2026-03-13T10:00:00Z")], // Sun 23:30, Mon 00:30, Fri
      matches: [new Date("2026-03-09T12:00:00Z")],
      agreements: [],
    }, new Date("2026-02-26T00:00:00Z"), now, "Asia/Almaty");
    expect(weeks).toEqual([
      { monday: "2026-02-23", requests: 0, matches: 0, agreements: 0 },
      { monday: "2026-03-02", requests: 1, matches: 0, agreements: 0 },
      { monday: "2026-03-09", requests: 2, matches: 1, agreements: 0 },
    ]);
  });

  it("starts at the earliest event for all time and keeps the latest weeks only", () => {
    const weeks = weeklySeries({ requests: [new Date("2025-01-01T00:00:00Z")], matches: [], agreements: [new Date("2026-03-10T00:00:00Z")] }, null, now, "Asia/Almaty", 4);
    expect(weeks.map((w) => w.monday)).toEqual(["2026-02-16", "2026-02-23", "2026-03-02", "2026-03-09"]);
    expect(weeks.at(-1)!.agreements).toBe(1);
    expect(weeklySeries({ requests: [], matches: [], agreements: [] }, null, now, "Asia/Almaty")).toHaveLength(1);
  });

  it("draws three labelled bars per week on a round scale", () => {
    const svg = buildWeeklySvg({
      weeks: [{ label: "2 Mar", requests: 7, matches: 3, agreements: 1 }, { label: "9 Mar", requests: 2, matches: 0, agreements: 0 }],
      title: "By week — last 30 days",
      subtitle: "2 Mar – 15 Mar",
      legend: { requests: "requests", matches: "accepted by a mediator", agreements: "agreements" },
    });
    expect(elements(svg, "rect", "bar")).toHaveLength(6);
    expect(elements(svg, "rect", "bar-requests").map((b) => b["data-value"])).toEqual(["7", "2"]);
    expect(texts(svg, "week")).toEqual(["2 Mar", "9 Mar"]);
    expect(texts(svg, "legend")).toEqual(["requests", "accepted by a mediator", "agreements"]);
    expect(texts(svg, "tick")).toEqual(["0", "2", "4", "6", "8"]);
    expect(texts(svg, "value value-requests")).toEqual(["7", "2"]);
    expect(svg).not.toContain("NaN");
    expect([niceStep(3), niceStep(7), niceStep(40), niceStep(230)]).toEqual([1, 2, 10, 50]);
  });
});

describe("/stats callback data", () => {
  it("packs and parses every action and period within 64 bytes, and rejects anything else", () => {
    for (const type of ["period", "csv", "map", "weekly"] as StatsActionType[]) {
      for (const period of STATS_PERIODS) {
        const data = packStats({ type, period });
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        expect(parseStats(data)).toEqual({ type, period });
      }
    }
    expect(parseStats(packStats({ type: "oblastMap", oblast: "north_kazakhstan", period: "all" }))).toEqual({ type: "oblastMap", oblast: "north_kazakhstan", period: "all" });
    expect(Buffer.byteLength(packStats({ type: "oblastMap", oblast: "north_kazakhstan", period: "all" }))).toBeLessThanOrEqual(64);
    for (const bad of ["st:map:365d", "st:wk:", "st:map", "st:x:7d", "st:map:7d:1", "st:mo:akmola:1y", "st:mo::7d", "st:mo:Akmola:7d", undefined]) expect(parseStats(bad)).toBeNull();
  });
});
