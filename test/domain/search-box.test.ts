// searchBox bounds the great-circle circle the matching radius draws: every point within the radius (by
// distanceKm, the function matching decides with) lies inside the box, and the box is not much bigger.
import { describe, expect, it } from "vitest";
import { distanceKm, type Point } from "../../src/domain/geo.js";
import { searchBox, type SearchBox } from "../../src/domain/matching.js";

const inside = (box: SearchBox, p: Point) =>
  p.latitude >= box.minLatitude && p.latitude <= box.maxLatitude &&
  (box.minLongitude === null || box.maxLongitude === null || (p.longitude >= box.minLongitude && p.longitude <= box.maxLongitude));

/** The point `km` from `from` on `bearing` degrees (spherical destination formula), longitude in [-180, 180). */
function destination(from: Point, km: number, bearing: number): Point {
  const rad = Math.PI / 180;
  const d = km / 6371.0088;
  const lat1 = from.latitude * rad;
  const lon1 = from.longitude * rad;
  const b = bearing * rad;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(b));
  const lon2 = lon1 + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { latitude: lat2 / rad, longitude: ((((lon2 / rad) + 540) % 360) - 180) };
}

describe("searchBox", () => {
  it("holds every point within the radius, up to the circle itself", () => {
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i++) {
      const centre = { latitude: 40 + random() * 16, longitude: 46 + random() * 42 }; // Kazakhstan and around
      const radius = [30, 150, 400, 3000][i % 4]!;
      const box = searchBox(centre, radius);
      for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315, random() * 360]) {
        const p = destination(centre, radius * (i % 3 === 0 ? 1 : random()), bearing);
        if (distanceKm(centre, p) <= radius) expect(inside(box, p), `${JSON.stringify({ centre, radius, p })}`).toBe(true);
      }
    }
  });

  it("is the circle's bounding box, not the whole map", () => {
    const box = searchBox({ latitude: 51.17, longitude: 71.45 }, 150); // Astana
    expect(box.maxLatitude - box.minLatitude).toBeCloseTo((2 * 150) / 111.195, 2);
    expect(box.maxLongitude! - box.minLongitude!).toBeGreaterThan((2 * 150) / 111.195 / Math.cos((51.17 * Math.PI) / 180));
    expect(box.maxLongitude! - box.minLongitude!).toBeLessThan(4.5);
    expect(inside(box, { latitude: 49.8, longitude: 73.1 })).toBe(false); // Karaganda, ~190 km
  });

  it("leaves longitude open near a pole or across the antimeridian", () => {
    expect(searchBox({ latitude: 89, longitude: 10 }, 300)).toMatchObject({ maxLatitude: 90, minLongitude: null, maxLongitude: null });
    expect(searchBox({ latitude: 0, longitude: 179.5 }, 200)).toMatchObject({ minLongitude: null, maxLongitude: null });
  });
});
