import { describe, expect, it } from "vitest";
import type { Oblast, Rayon } from "../../src/domain/region.js";
import { coverageGaps, csvDocument, csvLine, median, periodStart, rate, summarizeStatistics, type StatsData } from "../../src/domain/statistics.js";
import { parseCsv } from "../support/csv.js";

// Rayons on the equator, one degree of longitude apart: 111.195 km between neighbours (haversine, R = 6371.0088 km).
const DEGREE_KM = (6371.0088 * Math.PI) / 180;
function rayon(code: string, oblastCode: string, longitude: number): Rayon {
  return { code, oblastCode, kind: "rayon", kato: code, nameKk: code, nameRu: code, nameEn: code, adminCenter: code, latitude: 0, longitude };
}
const oblast = (code: string): Oblast => ({ code, kind: "oblast", kato: code, nameKk: code, nameRu: code, nameEn: code });
const A = rayon("o1.a", "o1", 0);
const B = rayon("o1.b", "o1", 1);
const C = rayon("o2.c", "o2", 2);
const D = rayon("o2.d", "o2", 3);
const RAYONS = [A, B, C, D];

describe("median and rates", () => {
  it("gives the middle value, the mean of the middle two, or null", () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([30, 600, 60, 180])).toBe(120);
    expect(median([180, 30, 60])).toBe(60);
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it("divides, and has no rate of nothing", () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 0)).toBeNull();
  });

  it("starts the period 7 or 30 days before now, or never", () => {
    const now = new Date("2026-11-30T12:00:00Z");
    expect(periodStart("7d", now)).toEqual(new Date("2026-11-23T12:00:00Z"));
    expect(periodStart("30d", now)).toEqual(new Date("2026-10-31T12:00:00Z"));
    expect(periodStart("all", now)).toBeNull();
  });
});

describe("coverage gaps", () => {
  const demand = new Map([["o1.a", 3], ["o1.b", 2], ["o2.c", 5], ["o2.d", 1]]);

  it("lists rayons with requests and no active mediator within the radius, by demand; and rayons without their own mediator", () => {
    const gaps = coverageGaps(RAYONS, demand, [{ rayonCodes: ["o1.a"] }], 150);
    expect(gaps.uncovered.map((g) => [g.rayonCode, g.requests, Math.round(g.nearestKm!)])).toEqual([["o2.c", 5, 222], ["o2.d", 1, 334]]);
    expect(gaps.noMediator.map((g) => [g.rayonCode, g.oblastCode, g.requests, g.withinRadius])).toEqual([
      ["o2.c", "o2", 5, false],
      ["o1.b", "o1", 2, true],
      ["o2.d", "o2", 1, false],
    ]);
    expect(gaps.noMediator[1]!.nearestKm).toBeCloseTo(DEGREE_KM, 6);
  });

  it("takes the nearest of several served rayons, counts the radius inclusively and ignores unknown codes", () => {
    const gaps = coverageGaps(RAYONS, demand, [{ rayonCodes: ["o1.a", "nowhere"] }, { rayonCodes: ["o2.d"] }], DEGREE_KM);
    expect(gaps.uncovered).toEqual([]);
    expect(gaps.noMediator.map((g) => [g.rayonCode, g.withinRadius])).toEqual([["o2.c", true], ["o1.b", true]]);
  });

  it("has no distance when no mediator is active anywhere; equal demand puts the farthest first, then the code", () => {
    const gaps = coverageGaps(RAYONS, new Map([["o1.b", 1], ["o2.c", 1]]), [], 150);
    expect(gaps.uncovered.map((g) => [g.rayonCode, g.nearestKm])).toEqual([["o1.b", null], ["o2.c", null]]);
    const ordered = coverageGaps(RAYONS, new Map(), [{ rayonCodes: ["o1.b"] }], 150);
    expect(ordered.noMediator.map((g) => g.rayonCode)).toEqual(["o2.d", "o1.a", "o2.c"]);
  });
});

describe("summary", () => {
  const data: StatsData = {
    requestGroups: [
      { rayonCode: "o1.a", status: "completed", category: "family", count: 2 },
      { rayonCode: "o1.a", status: "unmatched", category: "neighbours", count: 1 },
      { rayonCode: "o2.c", status: "submitted", category: "family", count: 3 },
      { rayonCode: "o1.b", status: "completed", category: "labour", count: 2 },
    ],
    acceptanceMinutes: [60, 180, 30, 600],
    outcomes: { agreement: 2, partial: 1, no_agreement: 1, no_show: 3, postponed: 1 },
    ratings: { count: 3, sum: 13 },
    activeMediators: [{ id: 1, rayonCodes: ["o1.a", "o1.b"] }, { id: 2, rayonCodes: ["o1.b", "o2.d"] }],
  };

  it("counts by status, category and oblast, with rates, the median, the rating and the gaps", () => {
    const s = summarizeStatistics(data, { oblasts: [oblast("o1"), oblast("o2"), oblast("o3")], rayons: RAYONS }, 150);
    expect(s.total).toBe(8);
    expect(s.byStatus).toEqual({ completed: 4, unmatched: 1, submitted: 3 });
    expect(s.byCategory).toEqual({ family: 5, neighbours: 1, labour: 2 });
    expect(s.byOblast).toEqual([
      { oblastCode: "o1", requests: 5, activeMediators: 2 },
      { oblastCode: "o2", requests: 3, activeMediators: 1 },
      { oblastCode: "o3", requests: 0, activeMediators: 0 },
    ]);
    expect(s.matched).toBe(4);
    expect(s.matchRate).toBe(0.5);
    expect(s.medianAcceptanceMinutes).toBe(120);
    expect(s.agreementRate).toBe(0.5); // 2 of 4 sessions held (no-show and postponed are not held)
    expect(s.averageRating).toBeCloseTo(13 / 3, 10);
    expect(s.ratingCount).toBe(3);
    expect(s.activeMediators).toBe(2);
    // o2.c has 3 requests; its nearest served rayon is o2.d, 111 km away: covered, but without its own mediator.
    expect(s.gaps.uncovered).toEqual([]);
    expect(s.gaps.noMediator.map((g) => [g.rayonCode, g.requests, g.withinRadius])).toEqual([["o2.c", 3, true]]);
  });

  it("has no rates or median for an empty period", () => {
    const s = summarizeStatistics({ requestGroups: [], acceptanceMinutes: [], outcomes: {}, ratings: { count: 0, sum: 0 }, activeMediators: [] }, { oblasts: [oblast("o1")], rayons: RAYONS }, 150);
    expect([s.total, s.matchRate, s.medianAcceptanceMinutes, s.agreementRate, s.averageRating]).toEqual([0, null, null, null, null]);
    expect(s.gaps.uncovered).toEqual([]);
    expect(s.gaps.noMediator).toHaveLength(4);
  });
});

describe("CSV", () => {
  it("quotes commas, quotes and line breaks, and round-trips", () => {
    expect(csvLine(["a", 1, null, 'say "hi", twice', "x\ny"])).toBe('a,1,,"say ""hi"", twice","x\ny"');
    const doc = csvDocument(["h1", "h2"], [["Ақмола, облысы", 2]]);
    expect(doc.startsWith("\uFEFF")).toBe(true);
    expect(parseCsv(doc)).toEqual([["h1", "h2"], ["Ақмола, облысы", "2"]]);
  });
});
