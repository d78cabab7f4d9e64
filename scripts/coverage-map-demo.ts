// Draws the /stats coverage map from the playground's demo data and writes docs/coverage-map.png (the README's
// picture). Mediators are the playground's (playground/seed.ts: four oblasts); the playground seeds no requests,
// so the demand here is made up, the same on every run (a hash of each rayon's code), to show the three colours.
//
//   npm run map:demo [-- --locale kk|ru|en] [--out path.png]
import { writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { coverageMapPng } from "../src/bot/charts/stats-pictures.js";
import { createI18n } from "../src/bot/i18n.js";
import { SUPPORTED_LOCALES, type Locale } from "../src/config.js";
import { bundledRegionDirectory } from "../src/db/regions/load-regions.js";
import { projectRoot } from "../src/db/project-root.js";
import { summarizeStatistics, type StatsData } from "../src/domain/statistics.js";
import { DEMO_MEDIATORS } from "../playground/seed.js";

const { values } = parseArgs({ options: { locale: { type: "string", default: "kk" }, out: { type: "string" } } });
const locale = values.locale as Locale;
if (!SUPPORTED_LOCALES.includes(locale)) throw new Error(`--locale must be one of ${SUPPORTED_LOCALES.join(", ")}.`);
const out = values.out ?? path.join(projectRoot(), "docs", "coverage-map.png");

/** 0–9 requests for about half of the rayons: FNV-1a of the code, so every run draws the same map. */
function demoRequests(code: string): number {
  let h = 0x811c9dc5;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h % 2 === 0 ? 0 : (h >>> 8) % 10;
}

const regions = bundledRegionDirectory();
const rayons = regions.oblasts().flatMap((o) => regions.rayonsOf(o.code));
const data: StatsData = {
  requestGroups: rayons.map((r) => ({ rayonCode: r.code, status: "submitted", category: "family", count: demoRequests(r.code) })).filter((g) => g.count > 0),
  acceptanceMinutes: [],
  outcomes: {},
  ratings: { count: 0, sum: 0 },
  activeMediators: DEMO_MEDIATORS.map((m) => ({ id: m.id, rayonCodes: regions.rayonsOf(m.oblast).map((r) => r.code) })),
};
const radiusKm = 150;
const summary = summarizeStatistics(data, { oblasts: regions.oblasts(), rayons }, radiusKm);
const png = await coverageMapPng(data, summary, {
  t: createI18n(locale).t(locale),
  locale,
  regions,
  radiusKm,
  timeZone: "Asia/Almaty",
  now: new Date(),
  period: "30d",
});
writeFileSync(out, png);
console.log(`${path.relative(process.cwd(), out)}: ${png.length} bytes, ${rayons.length} rayons, ${summary.total} demo requests`);
