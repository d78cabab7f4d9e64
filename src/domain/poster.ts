// Rayon posters: a printable sheet for an akimat's notice board with the bot's QR code. The QR holds a
// deep link (start=r_<KATO code>) that pre-selects the rayon in the intake, and every start through it is
// counted (DeepLinkStart kind "poster", ref = the KATO code), so operators see which villages it reaches.
import { deepLinkUrl, type DeepLinkStartRepository } from "./deep-link.js";
import type { RegionDirectory } from "./region-directory.js";
import type { Rayon } from "./region.js";

/** The link printed (as a QR code and as text) on a rayon's poster. */
export function posterLink(botUsername: string, rayon: Pick<Rayon, "kato">): string {
  return deepLinkUrl(botUsername, { kind: "poster", kato: rayon.kato });
}

export interface PosterStarts {
  rayonCode: string;
  starts: number;
  newUsers: number;
}

/** Starts through posters per rayon, most first, at most `top`; starts of unknown KATO codes are left out. */
export function posterStartsByRayon(
  counts: Awaited<ReturnType<DeepLinkStartRepository["countSince"]>>,
  regions: Pick<RegionDirectory, "rayonByKato">,
  top: number,
): PosterStarts[] {
  return counts
    .filter((c) => c.kind === "poster")
    .flatMap((c) => {
      const rayon = regions.rayonByKato(c.ref);
      return rayon ? [{ rayonCode: rayon.code, starts: c.starts, newUsers: c.newUsers }] : [];
    })
    .sort((a, b) => b.starts - a.starts || a.rayonCode.localeCompare(b.rayonCode))
    .slice(0, top);
}

/** What the poster feature reads and writes besides the deep-link counter. */
export interface PosterRepository {
  /** Remembers the rayon of the poster a person came through (null forgets it). */
  setPreferredRayon(userId: number, rayonCode: string | null): Promise<void>;
  preferredRayon(userId: number): Promise<string | null>;
  /** Active mediators who serve the rayon (printed on its poster). */
  activeMediatorCount(rayonCode: string): Promise<number>;
}
