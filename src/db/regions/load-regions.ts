// Loads the bundled regions file into the database at start-up (idempotent: unchanged data is a no-op).
import type { RegionRepository } from "../../domain/region.js";
import { loadRegionsData } from "./regions-data.js";

export async function loadRegions(repository: RegionRepository): Promise<{ changed: boolean; oblasts: number; rayons: number }> {
  const { oblasts, rayons } = loadRegionsData();
  const { changed } = await repository.sync(
    oblasts,
    rayons.map(({ lat, lon, ...unit }) => ({ ...unit, latitude: lat, longitude: lon })),
  );
  return { changed, oblasts: oblasts.length, rayons: rayons.length };
}
