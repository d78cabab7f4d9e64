// How much memory one /stats map costs: the process's peak resident set (getrusage maxRSS) before and after
// rendering the coverage map, with the regions and catalogues already loaded as in the running bot.
//
//   npm run map:memory   (node --expose-gc --import tsx scripts/map-memory.ts)
import { coverageMapPng } from "../src/bot/charts/stats-pictures.js";
import { createI18n } from "../src/bot/i18n.js";
import { bundledRegionDirectory } from "../src/db/regions/load-regions.js";
import { summarizeStatistics, type StatsData } from "../src/domain/statistics.js";

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const peak = () => process.resourceUsage().maxRSS * 1024;

const regions = bundledRegionDirectory();
const rayons = regions.oblasts().flatMap((o) => regions.rayonsOf(o.code));
const data: StatsData = {
  requestGroups: rayons.map((r, i) => ({ rayonCode: r.code, status: "submitted", category: "family", count: i % 7 })),
  acceptanceMinutes: [],
  outcomes: {},
  ratings: { count: 0, sum: 0 },
  activeMediators: [{ id: 1, rayonCodes: rayons.filter((_, i) => i % 5 === 0).map((r) => r.code) }],
};
const summary = summarizeStatistics(data, { oblasts: regions.oblasts(), rayons }, 150);
const context = { t: createI18n("kk").t("kk"), locale: "kk" as const, regions, radiusKm: 150, timeZone: "Asia/Almaty", now: new Date(), period: "30d" as const };

gc();
const before = { rss: process.memoryUsage().rss, peak: peak() };
const started = performance.now();
const png = await coverageMapPng(data, summary, context);
const firstMs = performance.now() - started;
const afterFirst = { rss: process.memoryUsage().rss, peak: peak() };
const again = performance.now();
for (let i = 0; i < 9; i++) {
  await coverageMapPng(data, summary, context);
  await new Promise((resolve) => setTimeout(resolve, 5)); // as between updates: lets the renderer's finalizers run
}
const nextMs = (performance.now() - again) / 9 - 5;
gc();
const after = { rss: process.memoryUsage().rss, peak: peak() };
console.log(`map PNG ${png.length} bytes; first render ${firstMs.toFixed(0)} ms (loads resvg and the border), then ${nextMs.toFixed(0)} ms each`);
console.log(`RSS before ${mb(before.rss)}, after the first map ${mb(afterFirst.rss)}, after 10 maps and GC ${mb(after.rss)}`);
console.log(`peak RSS before ${mb(before.peak)}, after the first map ${mb(afterFirst.peak)} (+${mb(afterFirst.peak - before.peak)}), after 10 maps ${mb(after.peak)}`);
