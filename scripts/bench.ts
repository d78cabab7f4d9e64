// Benchmark of the whole bot: Kelisim on SQLite and on PostgreSQL against a bare grammY echo bot, side by
// side in one run, each in its own child process (scripts/bench-bot-child.ts) polling its own Bot API
// emulator (no rate limits, no faults), all driven by the same mixed workload (scripts/bench-workload.ts).
//
//   npm run bench [-- --users 50 --seconds 15 --warmup 5 --postgres postgresql://postgres@127.0.0.1:5432/test]
//
// For each bot: start-up time (spawn → first update answered), resident memory idle (2 s after that) and at
// its peak under load, updates per second and p50/p99 latency over the measured phase, and the ratio of
// Kelisim's throughput to the bare bot's (target ≥ 0.5 on SQLite; memory under load < 200 MB).
// PostgreSQL runs on a fresh database (dropped after) when the server answers, and is skipped otherwise.
// BENCH_CPU_PROF_DIR=/some/dir writes a V8 CPU profile of each bot process there (open it in Chrome DevTools).
// Prints a table, then as the LAST line one JSON object with every figure.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build } from "esbuild";
import { freshPostgres } from "../test/support/databases.js";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrator.js";
import { loadRegions } from "../src/db/regions/load-regions.js";
import { createRegionRepository } from "../src/db/repositories/region-repository.js";
import { startBotApiEmulator } from "../test/support/bot-api-emulator/index.js";
import { positiveInt, UsageError } from "./bench-support.js";
import { productionNodeFlags } from "./production-node-flags.js";
import { drive, personaScript, quantile, runStep, STEPS_PER_PERSON, type BotKind } from "./bench-workload.js";

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const CHILD = path.join(ROOT, "scripts", "bench-bot-child.ts");
const DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/test";
const FIRST_ID = 5_000_000;
const MB = 1024 * 1024;

interface Side {
  key: "bare" | "sqlite" | "postgresql";
  title: string;
  bot: BotKind;
  database?: { url: string; drop(): Promise<void> };
}

interface Figures {
  updates: number;
  updates_per_s: number;
  p50_ms: number;
  p99_ms: number;
  failures: number;
  /** CPU time of the bot process per update handled: unlike updates/s, hardly moved by other load on the machine. */
  cpu_ms_per_update: number;
  rss_idle_mb: number;
  rss_peak_mb: number;
  startup_ms: number;
}

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freshSqlite(): { url: string; drop(): Promise<void> } {
  const dir = mkdtempSync(path.join(tmpdir(), "kelisim-bench-"));
  return { url: `file:${path.join(dir, "bench.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh database on the server of adminUrl, or the reason when the server does not answer. */
async function freshPostgresOrReason(adminUrl: string): Promise<{ url: string; drop(): Promise<void> } | string> {
  return freshPostgres(adminUrl, "kelisim_bench").catch((error: Error) => error.message || String(error));
}

/**
 * The bots run as production runs them (the Dockerfile: plain node on compiled JavaScript), not under tsx,
 * whose loader thread alone adds tens of MB of memory. esbuild (tsx's own compiler) turns src/ and the child
 * script into JavaScript file by file, under dist/bench/ so that the code still finds the project root.
 */
async function compileChild(): Promise<string> {
  const out = path.join(ROOT, "dist", process.env.BENCH_BUILD_DIR ?? "bench"); // another name lets two benches run at once
  rmSync(out, { recursive: true, force: true });
  const src = path.join(ROOT, "src");
  const files = readdirSync(src, { recursive: true, encoding: "utf8" }).map((f) => path.join(src, f));
  await build({ entryPoints: [...files.filter((f) => f.endsWith(".ts")), CHILD], outdir: out, outbase: ROOT, format: "esm", platform: "node", target: "node20", supported: { "import-attributes": true }, logLevel: "warning" });
  for (const file of files.filter((f) => f.endsWith(".json"))) {
    const target = path.join(out, path.relative(ROOT, file));
    mkdirSync(path.dirname(target), { recursive: true });
    copyFileSync(file, target);
  }
  return path.join(out, "scripts", "bench-bot-child.js");
}

/** Migrations and regions in place before the bot starts, so start-up is timed as a restart, not a first install. */
async function prepare(url: string): Promise<void> {
  await migrate(url);
  const db = openDatabase(url);
  try {
    await loadRegions(createRegionRepository(db.prisma));
  } finally {
    await db.close();
  }
}

function spawnBot(side: Side, apiRoot: string, childScript: string): { child: ChildProcess; exited: Promise<never>; stderr: () => string } {
  const profile = process.env.BENCH_CPU_PROF_DIR; // a V8 CPU profile per bot process, to find hot spots
  // Every bot runs with the heap flags of `npm run start:prod` (scripts/production-node-flags.ts).
  const child = spawn(process.execPath, [...productionNodeFlags(), ...(profile ? ["--cpu-prof", "--cpu-prof-dir", profile] : []), childScript], {
    env: { ...process.env, BENCH_BOT: side.bot, BOT_API_ROOT: apiRoot, DATABASE_URL: side.database?.url ?? "", LOG_LEVEL: process.env.LOG_LEVEL ?? "info" },
    // The bot's JSON logs go nowhere (as to a log collector); errors are kept for the report.
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => reject(new Error(`${side.title}: the bot process ended early (${signal ?? `exit ${code}`}): ${stderr.trim()}`)));
  });
  exited.catch(() => undefined);
  return { child, exited, stderr: () => stderr };
}

async function stopBot(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.send("stop");
  const timer = setTimeout(() => child.kill("SIGKILL"), 25_000);
  await gone;
  clearTimeout(timer);
}

async function measure(side: Side, options: { users: number; warmupMs: number; measureMs: number; childScript: string }): Promise<Figures> {
  const emu = await startBotApiEmulator();
  let rss = 0;
  let cpuMs = 0;
  let peak = 0;
  let tracking = false;
  const started = performance.now();
  const { child, exited } = spawnBot(side, emu.apiRoot, options.childScript);
  child.on("message", (message: { rss?: number; cpuMs?: number }) => {
    if (typeof message.rss !== "number" || typeof message.cpuMs !== "number") return;
    rss = message.rss;
    cpuMs = message.cpuMs;
    if (tracking) peak = Math.max(peak, rss);
  });
  try {
    // Start-up: the first person writes while the process is still starting; timed until the answer shows.
    const probe = emu.user({ id: FIRST_ID - 1, first_name: "Probe", language_code: "kk" });
    await Promise.race([runStep(probe, personaScript("kk")[0]!, side.bot, 120_000), exited]);
    const startupMs = performance.now() - started;
    await Promise.race([sleep(2000), exited]);
    const idle = rss;
    peak = rss;
    tracking = true;
    const cpuAt: number[] = [];
    const result = await Promise.race([
      drive({ emu, bot: side.bot, concurrency: options.users, warmupMs: options.warmupMs, measureMs: options.measureMs, firstId: FIRST_ID, onPhase: () => cpuAt.push(cpuMs) }),
      exited,
    ]);
    tracking = false;
    const { start, browse, intake } = result.mix;
    console.log(`  ${side.title}: measured ${start} start/language, ${browse} about/menu/help, ${intake} intake updates`);
    if (result.firstFailure) console.log(`  ${side.title}: ${result.failures} updates without the expected answer; first: ${result.firstFailure}`);
    const sorted = [...result.latencies].sort((a, b) => a - b);
    return {
      updates: sorted.length,
      updates_per_s: round(sorted.length / result.measuredSeconds),
      p50_ms: round(quantile(sorted, 0.5)),
      p99_ms: round(quantile(sorted, 0.99)),
      failures: result.failures,
      cpu_ms_per_update: cpuAt.length === 2 && sorted.length > 0 ? round((cpuAt[1]! - cpuAt[0]!) / sorted.length, 2) : Number.NaN,
      rss_idle_mb: round(idle / MB),
      rss_peak_mb: round(peak / MB),
      startup_ms: Math.round(startupMs),
    };
  } finally {
    await stopBot(child); // the bot first, then its API (a bot still polling a closed emulator sleeps 3 s)
    await emu.close();
  }
}

function table(rows: Array<{ title: string; figures: Figures | string; ratio: number | null }>): string {
  const head = ["", "updates", "updates/s", "p50 ms", "p99 ms", "ratio", "CPU ms/update", "RSS idle MB", "RSS peak MB", "start-up ms"];
  const lines = rows.map(({ title, figures, ratio }) =>
    typeof figures === "string"
      ? [title, figures]
      : [title, figures.updates, figures.updates_per_s, figures.p50_ms, figures.p99_ms, ratio === null ? "1" : ratio.toFixed(2), figures.cpu_ms_per_update, figures.rss_idle_mb, figures.rss_peak_mb, figures.startup_ms].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l.length === head.length ? l[i]!.length : 0))));
  const format = (cells: string[]) =>
    cells.length === head.length ? cells.map((c, i) => (i === 0 ? c.padEnd(widths[0]!) : c.padStart(widths[i]!))).join("  ") : `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]}`;
  return [format(head), ...lines.map(format)].join("\n");
}

async function main() {
  const { values } = parseArgs({ options: { users: { type: "string" }, seconds: { type: "string" }, warmup: { type: "string" }, postgres: { type: "string" } } });
  const users = positiveInt(values.users, 50, "users");
  const seconds = positiveInt(values.seconds, 15, "seconds");
  const warmup = positiveInt(values.warmup, 5, "warmup");
  const postgresUrl = values.postgres ?? process.env.TEST_DATABASE_URL ?? DEFAULT_POSTGRES;
  if (!/^postgres(ql)?:\/\//.test(postgresUrl)) throw new UsageError(`--postgres must be a URL such as ${DEFAULT_POSTGRES} (got "${postgresUrl}").`);
  const options = { users, warmupMs: warmup * 1000, measureMs: seconds * 1000, childScript: await compileChild() };

  console.log(`${users} people at once, each a new person sending ${STEPS_PER_PERSON} updates (start, language, about pages, menu, help, intake steps, cancel);`);
  // Other work on the machine slows every side; the load average says how quiet it was.
  const load = round(loadavg()[0]!, 2);
  console.log(`per bot: set-up, ${warmup} s warm-up, ${seconds} s measured; ${cpus().length} CPUs, load average ${load}, Node ${process.version}; each bot in its own process`);

  const results: Partial<Record<Side["key"], Figures>> = {};
  const notes: string[] = [];
  const sides: Array<Omit<Side, "database"> & { open(): Promise<Side["database"] | string | undefined> }> = [
    { key: "bare", title: "bare grammY (echo)", bot: "bare", open: async () => undefined },
    { key: "sqlite", title: "Kelisim, SQLite", bot: "kelisim", open: async () => freshSqlite() },
    { key: "postgresql", title: "Kelisim, PostgreSQL", bot: "kelisim", open: () => freshPostgresOrReason(postgresUrl) },
  ];
  for (const { open, ...side } of sides) {
    const database = await open();
    if (typeof database === "string") {
      notes.push(`${side.title}: skipped, PostgreSQL at ${new URL(postgresUrl).host} is unreachable (${database})`);
      continue;
    }
    try {
      if (database) await prepare(database.url);
      console.log(`  measuring ${side.title} …`);
      results[side.key] = await measure({ ...side, ...(database ? { database } : {}) }, options);
    } finally {
      await database?.drop();
    }
  }

  const bare = results.bare!;
  const ratio = (f: Figures | undefined) => (f ? round(f.updates_per_s / bare.updates_per_s, 3) : null);
  console.log("");
  console.log(
    table([
      { title: "bare grammY (echo)", figures: bare, ratio: null },
      { title: "Kelisim, SQLite", figures: results.sqlite ?? "skipped", ratio: ratio(results.sqlite) },
      { title: "Kelisim, PostgreSQL", figures: results.postgresql ?? "skipped (see note)", ratio: ratio(results.postgresql) },
    ]),
  );
  for (const note of notes) console.log(note);
  const sqliteRatio = ratio(results.sqlite);
  const peaks = [results.sqlite?.rss_peak_mb, results.postgresql?.rss_peak_mb].filter((n): n is number => n !== undefined);
  console.log(`throughput ratio to bare grammY: SQLite ${sqliteRatio ?? "—"} (target ≥ 0.5), PostgreSQL ${ratio(results.postgresql) ?? "—"}; Kelisim peak RSS ${peaks.length ? Math.max(...peaks) : "—"} MB (target < 200 MB)`);

  const flat: Record<string, number | string | null> = { users, warmup_s: warmup, seconds, updates_per_person: STEPS_PER_PERSON, cpus: cpus().length, load_average_1m: load, node: process.version };
  for (const key of ["bare", "sqlite", "postgresql"] as const) {
    for (const [name, value] of Object.entries(results[key] ?? emptyFigures())) flat[`${key}_${name}`] = value;
  }
  flat.ratio_to_bare_grammy = sqliteRatio;
  flat.ratio_to_bare_grammy_postgresql = ratio(results.postgresql);
  console.log(JSON.stringify(flat));
}

function emptyFigures(): Record<keyof Figures, null> {
  return { updates: null, updates_per_s: null, p50_ms: null, p99_ms: null, failures: null, cpu_ms_per_update: null, rss_idle_mb: null, rss_peak_mb: null, startup_ms: null };
}

main().catch((error: unknown) => {
  console.error(error instanceof UsageError ? error.message : error);
  process.exit(1);
});
