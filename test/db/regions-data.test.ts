// Checks the project's regions file (src/db/regions/kz-regions.json) on its own: counts per oblast as in the
// Bureau of National Statistics 2025 list, unique codes, names in the right script, plausible coordinates.
import { describe, it, expect } from "vitest";
import { loadRegionsData, type RayonData } from "../../src/db/regions/regions-data.js";

const { oblasts, rayons } = loadRegionsData();

// [oblast code, rayons, cities of oblast significance] — the "Counts per oblast" table of the reference data.
const EXPECTED_COUNTS: ReadonlyArray<readonly [string, number, number]> = [
  ["abai", 10, 2],
  ["akmola", 17, 3],
  ["aktobe", 12, 1],
  ["almaty_region", 9, 2],
  ["atyrau", 7, 1],
  ["west_kazakhstan", 12, 1],
  ["zhambyl", 10, 1],
  ["jetisu", 8, 2],
  ["karaganda", 7, 6],
  ["kostanay", 16, 4],
  ["kyzylorda", 7, 2],
  ["mangystau", 5, 2],
  ["pavlodar", 10, 3],
  ["north_kazakhstan", 13, 1],
  ["turkestan", 14, 3],
  ["ulytau", 2, 3],
  ["east_kazakhstan", 11, 2],
  ["astana_city", 0, 1],
  ["almaty_city", 0, 1],
  ["shymkent_city", 0, 1],
];
const REPUBLICAN_CITIES = ["astana_city", "almaty_city", "shymkent_city"];

const CYRILLIC = /^[\u0400-\u04FF]+(?:(?: |-|\. )[\u0400-\u04FF]+)*$/u;
const KAZAKH_LETTERS = /[ӘәІіҢңҒғҮүҰұҚқӨөҺһ]/u;

function km(a: RayonData, b: RayonData): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

describe("regions data: oblasts", () => {
  it("has 17 oblasts and the 3 republican cities, in the reference order", () => {
    expect(oblasts.filter((o) => o.kind === "oblast")).toHaveLength(17);
    expect(oblasts.filter((o) => o.kind === "city").map((o) => o.code)).toEqual(REPUBLICAN_CITIES);
    expect(oblasts.map((o) => o.code)).toEqual(EXPECTED_COUNTS.map(([code]) => code));
  });

  it("has unique codes, unique 2-digit KATO prefixes and names in kk/ru/en", () => {
    expect(new Set(oblasts.map((o) => o.code)).size).toBe(oblasts.length);
    expect(new Set(oblasts.map((o) => o.kato)).size).toBe(oblasts.length);
    for (const o of oblasts) {
      expect(o.kato, o.code).toMatch(/^\d{2}$/);
      expect(o.nameKk, o.code).toMatch(CYRILLIC);
      expect(o.nameRu, o.code).toMatch(CYRILLIC);
      expect(o.nameEn, o.code).toMatch(/^[A-Z][A-Za-z -]+$/);
      if (o.kind === "oblast") {
        expect(o.nameKk, o.code).toMatch(/ облысы$/u);
        expect(o.nameRu, o.code).toMatch(/(^|\s)область(\s|$)/u);
        expect(o.nameEn, o.code).toMatch(/ Region$/);
      }
    }
  });
});

describe("regions data: rayons and cities", () => {
  it("has the per-oblast counts of the reference table", () => {
    for (const [code, rayonCount, cityCount] of EXPECTED_COUNTS) {
      const units = rayons.filter((r) => r.oblastCode === code);
      expect({ code, rayons: units.filter((r) => r.kind === "rayon").length, cities: units.filter((r) => r.kind === "city").length }).toEqual({
        code,
        rayons: rayonCount,
        cities: cityCount,
      });
    }
  });

  it("totals 170 rayons and 42 cities (39 of oblast significance + 3 republican), 212 units", () => {
    expect(rayons).toHaveLength(212);
    expect(rayons.filter((r) => r.kind === "rayon")).toHaveLength(170);
    expect(rayons.filter((r) => r.kind === "city")).toHaveLength(42);
    expect(rayons.filter((r) => r.kind === "city" && !REPUBLICAN_CITIES.includes(r.oblastCode))).toHaveLength(39);
  });

  it("has unique codes and KATO codes that agree with the oblast", () => {
    expect(new Set(rayons.map((r) => r.code)).size).toBe(rayons.length);
    expect(new Set(rayons.map((r) => r.kato)).size).toBe(rayons.length);
    const oblastByCode = new Map(oblasts.map((o) => [o.code, o]));
    for (const r of rayons) {
      const oblast = oblastByCode.get(r.oblastCode);
      expect(oblast, `${r.code}: oblast ${r.oblastCode} exists`).toBeDefined();
      expect(r.kato, r.code).toMatch(/^\d{9}$/);
      expect(r.kato.slice(0, 2), r.code).toBe(oblast?.kato);
      if (REPUBLICAN_CITIES.includes(r.oblastCode)) expect(r.code).toBe(r.oblastCode);
      else expect(r.code.startsWith(`${r.oblastCode}.`), r.code).toBe(true);
    }
  });

  it("has kk/ru/en names, the Kazakh one in Cyrillic with the right suffix", () => {
    for (const r of rayons) {
      for (const name of [r.nameKk, r.nameRu, r.nameEn, r.adminCenter]) {
        expect(name.trim(), r.code).not.toBe("");
        expect(name, r.code).toBe(name.trim());
      }
      expect(r.nameKk, r.code).toMatch(CYRILLIC);
      expect(r.nameRu, r.code).toMatch(CYRILLIC);
      expect(r.nameEn, r.code).toMatch(/^[A-Z][A-Za-z '()-]+$/);
      if (REPUBLICAN_CITIES.includes(r.oblastCode)) continue;
      if (r.kind === "rayon") {
        expect(r.nameKk, r.code).toMatch(/ ауданы$/u);
        expect(r.nameRu, r.code).toMatch(/(^|\s)район(\s|$)/u);
        expect(r.nameEn, r.code).toMatch(/ District$/);
      } else {
        expect(r.nameKk, r.code).toMatch(/ қаласы$/u);
        expect(r.nameRu, r.code).toMatch(/^г\. /u);
        expect(r.code, r.code).toMatch(/_city$/);
      }
    }
    // Most Kazakh names use Kazakh letters (ә, і, ң, ғ, ү, ұ, қ, ө); a Russian-spelled batch would drop below half.
    expect(rayons.filter((r) => KAZAKH_LETTERS.test(r.nameKk)).length).toBeGreaterThan(rayons.length / 2);
  });

  it("has coordinates inside Kazakhstan's bounding box", () => {
    for (const r of rayons) {
      expect(r.lat, r.code).toBeGreaterThanOrEqual(40.5);
      expect(r.lat, r.code).toBeLessThanOrEqual(55.5);
      expect(r.lon, r.code).toBeGreaterThanOrEqual(46.4);
      expect(r.lon, r.code).toBeLessThanOrEqual(87.4);
    }
  });

  it("places every unit near the other units of its oblast", () => {
    for (const r of rayons) {
      const mates = rayons.filter((m) => m.oblastCode === r.oblastCode && m !== r);
      if (mates.length === 0) continue; // a republican city
      const nearest = Math.min(...mates.map((m) => km(r, m)));
      expect(nearest, `${r.code}: km to the nearest unit of its oblast`).toBeLessThanOrEqual(250);
      const centre = {
        ...r,
        lat: mates.reduce((s, m) => s + m.lat, 0) / mates.length,
        lon: mates.reduce((s, m) => s + m.lon, 0) / mates.length,
      };
      expect(km(r, centre), `${r.code}: km to the centre of its oblast's other units`).toBeLessThanOrEqual(450);
    }
  });

  it("places each republican city next to the oblast that surrounds it", () => {
    const enclosing: Record<string, string> = { astana_city: "akmola", almaty_city: "almaty_region", shymkent_city: "turkestan" };
    for (const [city, oblast] of Object.entries(enclosing)) {
      const unit = rayons.find((r) => r.code === city);
      expect(unit, city).toBeDefined();
      if (!unit) continue;
      const nearest = Math.min(...rayons.filter((r) => r.oblastCode === oblast).map((r) => km(unit, r)));
      expect(nearest, `${city}: km to the nearest unit of ${oblast}`).toBeLessThanOrEqual(60);
    }
  });
});
