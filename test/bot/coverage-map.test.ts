import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { kazakhstanOutline } from "../../src/bot/charts/kazakhstan-outline.js";
import { coverageMapPng, coverageMapSvg, type PictureContext } from "../../src/bot/charts/stats-pictures.js";
import { COVERAGE_COLOURS, MAP_LAYOUT, mapProjection, type Coverage } from "../../src/bot/charts/svg-map.js";
import { createI18n } from "../../src/bot/i18n.js";
import type { Locale } from "../../src/config.js";
import { bundledRegionDirectory } from "../../src/db/regions/load-regions.js";
import { summarizeStatistics, type StatsData } from "../../src/domain/statistics.js";

// The acceptance dataset over the real rayons: a mediator in Burabay (covered, 5 requests), Akzhar in the next
// oblast, 141 km away (covered only by that neighbour, 3 requests) and Beineu far away (no mediator within
// reach, 9 requests).
const BURABAY = "akmola.burabay";
const AKZHAR = "north_kazakhstan.akzhar";
const BEINEU = "mangystau.beineu";
const regions = bundledRegionDirectory();
const rayons = regions.oblasts().flatMap((o) => regions.rayonsOf(o.code));
const data: StatsData = {
  requestGroups: [
    { rayonCode: BURABAY, status: "submitted", category: "family", count: 5 },
    { rayonCode: AKZHAR, status: "submitted", category: "family", count: 3 },
    { rayonCode: BEINEU, status: "submitted", category: "labour", count: 9 },
  ],
  acceptanceMinutes: [],
  outcomes: {},
  ratings: { count: 0, sum: 0 },
  activeMediators: [{ id: 1, rayonCodes: [BURABAY] }],
};
const summary = summarizeStatistics(data, { oblasts: regions.oblasts(), rayons }, 150);
const i18n = createI18n("kk");
const context = (locale: Locale): PictureContext => ({
  t: i18n.t(locale), locale, regions, radiusKm: 150, timeZone: "Asia/Almaty", now: new Date("2026-03-14T06:00:00Z"), period: "30d",
});

/** The pixel where a rayon's dot is centred, by the projection the map is drawn with. */
function pixelOf(code: string): [number, number] {
  const rayon = regions.rayon(code)!;
  const [x, y] = mapProjection(kazakhstanOutline())([rayon.longitude, rayon.latitude])!;
  return [Math.round(x), Math.round(y)];
}

function rgbAt(png: PNG, [x, y]: [number, number]): [number, number, number] {
  const i = (png.width * y + x) * 4;
  return [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
}

/** The coverage class whose colour is nearest to `rgb`, with its distance in RGB space. */
function nearestCoverage(rgb: readonly number[]): { coverage: Coverage; distance: number } {
  const ranked = (Object.keys(COVERAGE_COLOURS) as Coverage[]).map((coverage) => {
    const hex = COVERAGE_COLOURS[coverage];
    const colour = [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
    return { coverage, distance: Math.hypot(...colour.map((v, c) => v - rgb[c]!)) };
  });
  return ranked.sort((a, b) => a.distance - b.distance)[0]!;
}

describe("coverage map PNG", () => {
  it.each(["kk", "ru", "en"] as const)("shows the three coverage colours where the three rayons are (%s)", async (locale) => {
    const png = PNG.sync.read(await coverageMapPng(data, summary, context(locale)));
    expect([png.width, png.height]).toEqual([MAP_LAYOUT.width, MAP_LAYOUT.height]);
    const seen = Object.fromEntries([BURABAY, AKZHAR, BEINEU].map((code) => {
      const found = nearestCoverage(rgbAt(png, pixelOf(code)));
      expect(found.distance, code).toBeLessThan(3);
      return [code, found.coverage];
    }));
    expect(seen).toEqual({ [BURABAY]: "served", [AKZHAR]: "nearby", [BEINEU]: "none" });
    // Outside the border (the Caspian, west of Beineu's oblast) the picture is the white background.
    expect(rgbAt(png, [MAP_LAYOUT.side + 2, MAP_LAYOUT.height - MAP_LAYOUT.bottom - 4])).toEqual([255, 255, 255]);
  });

  it("writes the legend and oblast names in the operator's language", () => {
    const kk = coverageMapSvg(data, summary, context("kk"));
    expect(kk).toContain(">Маңғыстау</text>"); // long names take two lines: "Маңғыстау" / "облысы"
    expect(kk).toContain(">Шымкент</text>");
    expect(kk).toContain("ауданда белсенді медиатор бар");
    expect(kk).toContain("150 км радиуста белсенді медиатор бар");
    expect(kk).toContain("Медиатор қай жерде керек — соңғы 30 күн");
    expect(kk).toContain("2026 ж. 14 наурыз");
    const en = coverageMapSvg(data, summary, context("en"));
    expect(en).toContain(">Mangystau</text>");
    expect(en).toContain("an active mediator within 150 km");
    expect(en).toContain("Where mediators are needed — last 30 days");
    expect(en).toContain("March 14, 2026");
  });
});
