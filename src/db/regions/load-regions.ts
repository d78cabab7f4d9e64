// The bundled regions file: loaded into the database at start-up (idempotent: unchanged data is a no-op),
// and served from memory to the bot.
import type { Oblast, Rayon, RegionRepository } from "../../domain/region.js";
import { createRegionDirectory, type RegionDirectory } from "../../domain/region-directory.js";
import { loadRegionsData } from "./regions-data.js";

function bundledUnits(): { oblasts: Oblast[]; rayons: Rayon[] } {
  const { oblasts, rayons } = loadRegionsData();
  return { oblasts, rayons: rayons.map(({ lat, lon, ...unit }) => ({ ...unit, latitude: lat, longitude: lon })) };
}

export async function loadRegions(repository: RegionRepository): Promise<{ changed: boolean; oblasts: number; rayons: number }> {
  const { oblasts, rayons } = bundledUnits();
  const { changed } = await repository.sync(oblasts, rayons);
  return { changed, oblasts: oblasts.length, rayons: rayons.length };
}

export function bundledRegionDirectory(): RegionDirectory {
  const { oblasts, rayons } = bundledUnits();
  return createRegionDirectory(oblasts, rayons);
}
