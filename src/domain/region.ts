// Kazakhstan's administrative units as the bot uses them: plain data, no Prisma types.
import type { Locale } from "../config.js";

export interface LocalizedNames {
  nameKk: string;
  nameRu: string;
  nameEn: string;
}

export interface Oblast extends LocalizedNames {
  code: string;
  /** "oblast", or "city" for the three cities of republican significance. */
  kind: "oblast" | "city";
  kato: string;
}

export interface Rayon extends LocalizedNames {
  code: string;
  oblastCode: string;
  /** "rayon" (district) or "city" (of oblast or republican significance). */
  kind: "rayon" | "city";
  kato: string;
  adminCenter: string;
  latitude: number;
  longitude: number;
}

export function nameIn(unit: LocalizedNames, locale: Locale): string {
  return locale === "kk" ? unit.nameKk : locale === "ru" ? unit.nameRu : unit.nameEn;
}

export interface RegionRepository {
  /** Makes the database hold exactly the given units; skips all work when they are already there. */
  sync(oblasts: Oblast[], rayons: Rayon[]): Promise<{ changed: boolean }>;
  listOblasts(): Promise<Oblast[]>;
  listRayons(oblastCode: string): Promise<Rayon[]>;
}
