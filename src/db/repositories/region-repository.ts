import { createHash } from "node:crypto";
import type { Oblast, Rayon, RegionRepository } from "../../domain/region.js";
import type { PrismaClient } from "../client.js";

// The fingerprint of the loaded data is kept next to sessions; a start-up with unchanged data
// costs one read instead of 212 upserts.
const FINGERPRINT_KEY = "regions:fingerprint";

export function createRegionRepository(prisma: PrismaClient): RegionRepository {
  return {
    async sync(oblasts, rayons) {
      const fingerprint = createHash("sha256").update(JSON.stringify({ oblasts, rayons })).digest("hex");
      const stored = await prisma.storageEntry.findUnique({ where: { key: FINGERPRINT_KEY }, select: { value: true } });
      if (stored?.value === fingerprint) return { changed: false };

      await prisma.$transaction(async (tx) => {
        for (const [sortOrder, o] of oblasts.entries()) {
          const data = { kind: o.kind, kato: o.kato, nameKk: o.nameKk, nameRu: o.nameRu, nameEn: o.nameEn, sortOrder };
          await tx.oblast.upsert({ where: { code: o.code }, create: { code: o.code, ...data }, update: data });
        }
        for (const [sortOrder, r] of rayons.entries()) {
          const data = {
            oblastCode: r.oblastCode, kind: r.kind, kato: r.kato, nameKk: r.nameKk, nameRu: r.nameRu, nameEn: r.nameEn,
            adminCenter: r.adminCenter, latitude: r.latitude, longitude: r.longitude, sortOrder,
          };
          await tx.rayon.upsert({ where: { code: r.code }, create: { code: r.code, ...data }, update: data });
        }
        // Units are never deleted here: later tables (mediators, requests) will point at them.
        await tx.storageEntry.upsert({
          where: { key: FINGERPRINT_KEY },
          create: { key: FINGERPRINT_KEY, value: fingerprint },
          update: { value: fingerprint },
        });
      }, { timeout: 60_000 });
      return { changed: true };
    },

    async listOblasts() {
      const rows = await prisma.oblast.findMany({ orderBy: { sortOrder: "asc" }, select: { code: true, kind: true, kato: true, nameKk: true, nameRu: true, nameEn: true } });
      return rows.map((r) => ({ ...r, kind: r.kind === "city" ? "city" : "oblast" }));
    },

    async listRayons(oblastCode) {
      const rows = await prisma.rayon.findMany({
        where: { oblastCode },
        orderBy: { sortOrder: "asc" },
        select: { code: true, oblastCode: true, kind: true, kato: true, nameKk: true, nameRu: true, nameEn: true, adminCenter: true, latitude: true, longitude: true },
      });
      return rows.map((r) => ({ ...r, kind: r.kind === "city" ? "city" : "rayon" }));
    },
  };
}
