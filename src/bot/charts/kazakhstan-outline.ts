// Kazakhstan's border from Natural Earth (world-atlas, 1:50m): read on first use, only the one country kept.
// The file is 0.7 MB of TopoJSON for the whole world; once the feature is extracted the rest is garbage.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Feature, MultiPolygon, Polygon } from "geojson";
import { feature } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";

/** ISO 3166-1 numeric code of Kazakhstan, the id world-atlas gives its countries. */
export const KAZAKHSTAN_ID = "398";

export type Outline = Feature<Polygon | MultiPolygon>;
let cached: Outline | undefined;

export function kazakhstanOutline(): Outline {
  if (cached) return cached;
  const file = createRequire(import.meta.url).resolve("world-atlas/countries-50m.json");
  const topology = JSON.parse(readFileSync(file, "utf8")) as Topology<{ countries: GeometryCollection }>;
  const geometry = topology.objects.countries.geometries.find((g) => String(g.id) === KAZAKHSTAN_ID);
  if (!geometry) throw new Error(`world-atlas/countries-50m.json has no country with id ${KAZAKHSTAN_ID}: reinstall the world-atlas package.`);
  cached = feature(topology, geometry) as Outline;
  return cached;
}
