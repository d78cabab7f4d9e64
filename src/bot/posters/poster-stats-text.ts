// The /stats section "Starts through posters": the rayons whose posters brought people in, most first.
import type { Locale } from "../../config.js";
import { posterStartsByRayon } from "../../domain/poster.js";
import type { DeepLinkStartRepository } from "../../domain/deep-link.js";
import { nameIn } from "../../domain/region.js";
import type { RegionDirectory } from "../../domain/region-directory.js";
import type { Translate } from "../i18n.js";

/** Rayons listed; the rest are rarely worth a line in a chat message. */
export const POSTER_RAYONS_IN_STATS = 10;

export async function posterStartsText(starts: DeepLinkStartRepository, since: Date | null, c: { t: Translate; locale: Locale; regions: RegionDirectory }): Promise<string> {
  const rows = posterStartsByRayon(await starts.countSince(since ?? undefined), c.regions, POSTER_RAYONS_IN_STATS);
  if (rows.length === 0) return c.t("posters:stats.none");
  const lines = rows.map((row) => {
    const rayon = c.regions.rayon(row.rayonCode)!;
    const oblast = c.regions.oblast(rayon.oblastCode)!;
    return c.t("posters:stats.line", { rayon: nameIn(rayon, c.locale), oblast: nameIn(oblast, c.locale), starts: row.starts, newUsers: row.newUsers });
  });
  return [c.t("posters:stats.title"), ...lines].join("\n");
}
