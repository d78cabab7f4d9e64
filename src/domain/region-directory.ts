// Kazakhstan's units in memory, for keyboards, names and "nearest rayon": the bundled data never changes
// while the bot runs, so reading it from the database on every tap would only cost time.
import { nearest, type Point } from "./geo.js";
import type { Oblast, Rayon } from "./region.js";

export interface RegionDirectory {
  oblasts(): readonly Oblast[];
  rayonsOf(oblastCode: string): readonly Rayon[];
  rayon(code: string): Rayon | undefined;
  oblast(code: string): Oblast | undefined;
  rayonByKato(kato: string): Rayon | undefined;
  nearestRayon(point: Point): { rayon: Rayon; km: number } | null;
}

export function createRegionDirectory(oblasts: readonly Oblast[], rayons: readonly Rayon[]): RegionDirectory {
  const byCode = new Map(rayons.map((r) => [r.code, r]));
  const byKato = new Map(rayons.map((r) => [r.kato, r]));
  const oblastByCode = new Map(oblasts.map((o) => [o.code, o]));
  const byOblast = new Map<string, Rayon[]>();
  for (const r of rayons) byOblast.set(r.oblastCode, [...(byOblast.get(r.oblastCode) ?? []), r]);
  return {
    oblasts: () => oblasts,
    rayonsOf: (code) => byOblast.get(code) ?? [],
    rayon: (code) => byCode.get(code),
    oblast: (code) => oblastByCode.get(code),
    rayonByKato: (kato) => byKato.get(kato),
    nearestRayon(point) {
      const found = nearest(point, rayons);
      return found ? { rayon: found.unit, km: found.km } : null;
    },
  };
}
