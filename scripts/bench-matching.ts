// Benchmark of matching end to end on SQLite: candidatesFor (the database query, filtered in the database
// and bounded by a box on the rayon centres) → rankCandidates (pure, exact distance and order), over a
// synthetic but realistic country of mediators; and, in the same run, its floor.
//
//   npm run bench:matching [-- --mediators 10000 --requests 200]
//
// Builds a fresh SQLite database in a temporary folder (migrations + Kazakhstan's 212 units), inserts the
// mediators with deterministic pseudo-random profiles (each serves 1–3 neighbouring rayons of one home rayon;
// home rayons cycle through ALL units), open cases (accepted/scheduled requests, pending offers) and answered
// offers (for the response median), then times each request. Prints a table, and as the LAST line one JSON
// object for machines: rank_ms_* = end to end (query + ranking), query_ms_p50 = the candidate query,
// pure_rank_ms_p50 = rankCandidates alone, cpu_ms_p50 = this process's CPU time end to end (a steadier
// figure on a shared machine). The floor: right after each request, one primary-key query loading exactly
// the mediators that were ranked, with the same record (loadCandidatesById) — what any design must at
// least fetch; floor_ms_p50 is its median (over requests with someone ranked) and ratio_to_floor =
// rank_ms_p50 ÷ floor_ms_p50 (target ≤ 3). Timings only: nothing here asserts on them (and tests never do).
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { openDatabase, type PrismaClient } from "../src/db/client.js";
import { migrate } from "../src/db/migrator.js";
import { createCandidateRepository, loadCandidatesById } from "../src/db/repositories/candidate-repository.js";
import { createRegionRepository } from "../src/db/repositories/region-repository.js";
import { bundledRegionDirectory, loadRegions } from "../src/db/regions/load-regions.js";
import { distanceKm } from "../src/domain/geo.js";
import { rankCandidates } from "../src/domain/matching.js";
import type { MatchingOptions, MatchRequest } from "../src/domain/matching-types.js";
import { CATEGORIES, MODES, SESSION_LANGUAGES } from "../src/domain/request.js";
import type { Rayon } from "../src/domain/region.js";
import { positiveInt, seeded, UsageError } from "./bench-support.js";

const BATCH = 1000;
const WARM_UP = 10;
const EPOCH = Date.UTC(2026, 10, 1);

/** A mistake in the command line: reported as one line, without a stack trace. */

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}

/** A non-empty random subset, in the list's order (so the stored column looks like the app writes it). */
function subset<T>(items: readonly T[], random: () => number, chance: number): T[] {
  const chosen = items.filter(() => random() < chance);
  return chosen.length > 0 ? chosen : [pick(items, random)];
}

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

async function seed(prisma: PrismaClient, rayons: readonly Rayon[], mediatorCount: number, random: () => number) {
  // The 5 nearest other units of each unit: where a mediator's extra rayons come from.
  const neighbours = new Map(
    rayons.map((r) => [r.code, rayons.filter((o) => o.code !== r.code).map((o) => ({ code: o.code, km: distanceKm(r, o) })).sort((a, b) => a.km - b.km).slice(0, 5).map((o) => o.code)]),
  );
  const users: { id: number; telegramId: bigint; firstName: string }[] = [];
  const mediators: {
    id: number; userId: number; fullName: string; kind: string; languages: string; specializations: string; modes: string;
    maxOpenCases: number; phone: string; bio: string; status: string; paused: boolean;
  }[] = [];
  const served: { mediatorId: number; rayonCode: string }[] = [];
  const requests: {
    id: number; code: string; citizenId: number; status: string; category: string; otherParty: string; otherPartyAware: string;
    inCourt: boolean; rayonCode: string; mode: string; sessionLanguage: string; consentAt: Date; submittedAt: Date; mediatorId: number | null;
  }[] = [];
  const offers: { requestId: number; mediatorId: number; status: string; offeredAt: Date; expiresAt: Date; respondedAt: Date | null }[] = [];

  const citizenId = 1;
  users.push({ id: citizenId, telegramId: 1n, firstName: "Citizen" });
  const request = (rayonCode: string, status: string, mediatorId: number | null, at: Date) => {
    const id = requests.length + 1;
    requests.push({
      id, code: `KL-B${id.toString(36).toUpperCase()}`, citizenId, status, category: pick(CATEGORIES, random), otherParty: "neighbour",
      otherPartyAware: "knows", inCourt: false, rayonCode, mode: "in_person", sessionLanguage: "kk", consentAt: at, submittedAt: at, mediatorId,
    });
    return id;
  };

  const historyPool = Array.from({ length: Math.max(10, Math.ceil(mediatorCount / 2)) }, () => {
    const at = new Date(EPOCH - (1 + Math.floor(random() * 200)) * 86_400_000);
    return { id: request(pick(rayons, random).code, "completed", null, at), at };
  });

  // `mediatorCount` active mediators (a few paused), then 5 % more who are pending or suspended: the query's
  // filters have work to do, and "mediators" in the report stays the number of active ones.
  const inactive = Math.ceil(mediatorCount / 20);
  for (let i = 0; i < mediatorCount + inactive; i++) {
    const id = i + 1;
    const userId = id + 1;
    users.push({ id: userId, telegramId: BigInt(1_000_000 + id), firstName: `Mediator ${id}` });
    const home = rayons[i % rayons.length]!; // cycling: every unit has mediators
    const codes = [home.code];
    const extra = Math.floor(random() * 3); // 0–2 more
    for (const code of neighbours.get(home.code)!) if (codes.length <= extra && random() < 0.6) codes.push(code);
    for (const rayonCode of codes) served.push({ mediatorId: id, rayonCode });
    const status = i < mediatorCount ? "active" : i % 2 === 0 ? "pending" : "suspended";
    mediators.push({
      id, userId, fullName: `Mediator ${id}`, kind: random() < 0.4 ? "professional" : "public",
      languages: subset(SESSION_LANGUAGES, random, 0.6).join(","), specializations: subset(CATEGORIES, random, 0.35).join(","),
      modes: ["in_person", ...MODES.filter((m) => m !== "in_person" && random() < 0.5)].join(","), maxOpenCases: 1 + Math.floor(random() * 10),
      phone: `+7701${String(id).padStart(7, "0")}`, bio: "", status, paused: random() < 0.03,
    });

    // Open cases: accepted/scheduled requests and pending offers.
    const open = Math.floor(random() * 4);
    for (let k = 0; k < open; k++) {
      const at = new Date(EPOCH + Math.floor(random() * 20) * 86_400_000);
      if (random() < 0.7) request(home.code, random() < 0.5 ? "accepted" : "scheduled", id, at);
      else {
        const requestId = request(home.code, "offered", null, at);
        offers.push({ requestId, mediatorId: id, status: "pending", offeredAt: at, expiresAt: new Date(at.getTime() + 12 * 3_600_000), respondedAt: null });
      }
    }
    // History: a few answered (and some expired) offers, for the response median. Past requests were
    // offered to several mediators in turn, so they come from a shared pool (one offer per mediator each).
    const past = Math.floor(random() * 6);
    const first = Math.floor(random() * historyPool.length);
    for (let k = 0; k < past; k++) {
      const { id: requestId, at } = historyPool[(first + k) % historyPool.length]!;
      const answer = random();
      const status = answer < 0.5 ? "accepted" : answer < 0.85 ? "declined" : "expired";
      const respondedAt = status === "expired" ? null : new Date(at.getTime() + Math.floor(random() * 12 * 60) * 60_000);
      offers.push({ requestId, mediatorId: id, status, offeredAt: at, expiresAt: new Date(at.getTime() + 12 * 3_600_000), respondedAt });
    }
  }

  await prisma.$transaction(
    async (tx) => {
      await inBatches(users, (data) => tx.user.createMany({ data }));
      await inBatches(mediators, (data) => tx.mediator.createMany({ data }));
      await inBatches(served, (data) => tx.mediatorRayon.createMany({ data }));
      await inBatches(requests, (data) => tx.mediationRequest.createMany({ data }));
      await inBatches(offers, (data) => tx.offer.createMany({ data }));
    },
    { timeout: 300_000 },
  );
  return { mediators: mediatorCount, inactive, served: served.length, requests: requests.length, offers: offers.length };
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function main(): Promise<void> {
  let values: { mediators?: string; requests?: string };
  try {
    ({ values } = parseArgs({ options: { mediators: { type: "string" }, requests: { type: "string" } } }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}. Usage: npm run bench:matching -- [--mediators 10000] [--requests 200]`);
  }
  const mediatorCount = positiveInt(values.mediators, 10_000, "mediators");
  const requestCount = positiveInt(values.requests, 200, "requests");

  const dir = mkdtempSync(path.join(tmpdir(), "kelisim-bench-"));
  const url = `file:${path.join(dir, "bench.db")}`;
  const db = openDatabase(url);
  try {
    const setupStart = performance.now();
    await migrate(url);
    await loadRegions(createRegionRepository(db.prisma));
    const directory = bundledRegionDirectory();
    const rayons = directory.oblasts().flatMap((o) => directory.rayonsOf(o.code));
    const random = seeded(20261125);
    const counts = await seed(db.prisma, rayons, mediatorCount, random);
    const setupSeconds = (performance.now() - setupStart) / 1000;
    console.log(
      `Setup: ${counts.mediators} active mediators (+${counts.inactive} pending or suspended) over ${rayons.length} units (${counts.served} served rayons), ` +
        `${counts.requests} requests, ${counts.offers} offers in ${setupSeconds.toFixed(1)} s (SQLite, ${dir})`,
    );

    const candidates = createCandidateRepository(db.prisma);
    const options: MatchingOptions = {
      radiusKm: 150,
      remoteRadiusKm: 400,
      rayonCentre: (code) => directory.rayon(code),
    };
    const requests: MatchRequest[] = Array.from({ length: WARM_UP + requestCount }, () => ({
      rayonCode: pick(rayons, random).code,
      category: pick(CATEGORIES, random),
      language: pick(SESSION_LANGUAGES, random),
      mode: pick(MODES, random),
      costPreference: random() < 0.5 ? "either" : "free_only",
      excludedMediatorIds: [],
      excludedUserIds: [],
    }));

    const total: number[] = [];
    const query: number[] = [];
    const pure: number[] = [];
    const floor: number[] = [];
    // CPU time of this process per request: unlike wall time, barely moved by other processes on a busy machine.
    const cpu: number[] = [];
    let loaded = 0;
    let ranked = 0;
    for (const [i, request] of requests.entries()) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const centre = directory.rayon(request.rayonCode)!;
      const list = await candidates.candidatesFor({ request, centre, radiusKm: options.radiusKm, remoteRadiusKm: options.remoteRadiusKm });
      const t1 = performance.now();
      const result = rankCandidates(request, list, options);
      const t2 = performance.now();
      const used = process.cpuUsage(cpu0);
      // The floor, at once (same cache state): exactly the ranked rows, by primary key.
      const ids = result.map((c) => c.mediatorId);
      const f0 = performance.now();
      const rows = await loadCandidatesById(db.prisma, ids);
      const f1 = performance.now();
      if (rows.length !== ids.length) throw new Error(`floor query returned ${rows.length} rows for ${ids.length} ranked`);
      if (i < WARM_UP) continue; // JIT, prepared statements, page cache
      if (ids.length > 0) floor.push(f1 - f0);
      total.push(t2 - t0);
      query.push(t1 - t0);
      pure.push(t2 - t1);
      cpu.push((used.user + used.system) / 1000);
      loaded += list.length;
      ranked += result.length;
    }
    for (const list of [total, query, pure, cpu, floor]) list.sort((a, b) => a - b);

    const rows: [string, number[]][] = [
      ["end to end", total], ["  candidate query", query], ["  rankCandidates", pure], ["CPU, end to end", cpu], ["floor (ranked ids)", floor],
    ];
    console.log(
      `\n${requestCount} requests (after ${WARM_UP} warm-up); match radius ${options.radiusKm} km, ` +
        `${options.remoteRadiusKm} km for phone or video; load average ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} CPUs`,
    );
    console.log(`${"ms".padEnd(18)}${["p50", "p95", "p99", "max", "mean"].map((h) => h.padStart(9)).join("")}`);
    for (const [name, list] of rows) {
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      console.log(`${name.padEnd(18)}${[50, 95, 99, 100].map((p) => percentile(list, p)).concat(mean).map((v) => v.toFixed(2).padStart(9)).join("")}`);
    }
    console.log(
      `candidates loaded per request: ${(loaded / requestCount).toFixed(1)} mean; ranked (passed the exact filters): ${(ranked / requestCount).toFixed(1)} mean; ` +
        `floor measured on ${floor.length} requests (the others ranked nobody)\n`,
    );
    const floorP50 = percentile(floor, 50);

    console.log(
      JSON.stringify({
        mediators: counts.mediators,
        requests: requestCount,
        rank_ms_p50: round(percentile(total, 50)),
        rank_ms_p95: round(percentile(total, 95)),
        rank_ms_p99: round(percentile(total, 99)),
        query_ms_p50: round(percentile(query, 50)),
        pure_rank_ms_p50: round(percentile(pure, 50), 3),
        candidates_loaded_mean: round(loaded / requestCount, 1),
        ranked_mean: round(ranked / requestCount, 1),
        floor_ms_p50: round(floorP50),
        ratio_to_floor: round(percentile(total, 50) / floorP50),
        cpu_ms_p50: round(percentile(cpu, 50)),
        setup_s: round(setupSeconds, 1),
      }),
    );
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof UsageError ? error.message : error);
  process.exitCode = 1;
}
