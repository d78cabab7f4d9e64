// Where the bot's memory goes: runs one bench bot child (compiled by `npm run bench`, dist/<BENCH_BUILD_DIR>/)
// on a fresh SQLite database or PostgreSQL, answers one /start, waits, then drives the bench's workload, and
// prints process.memoryUsage() (rss, V8 heap, external, array buffers) at idle and at the peak, and the
// rest (rss − heap total − external: code, native libraries, malloc arenas, thread stacks).
//   npx tsx scripts/bench-memory-probe.ts --child dist/bench/scripts/bench-bot-child.js [--postgres URL]
//     [--users 50 --seconds 10] [--node-flag=--max-semi-space-size=8] [--default-heap] [--env KEY=VALUE]
//     [--log FILE (the bot's log up to its first answer)] [--smaps FILE (/proc/PID/smaps at idle)]
// With --snapshot DIR, writes a heap snapshot at idle and one under load (node --heapsnapshot-signal).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { freshPostgres } from "../test/support/databases.js";
import { openDatabase } from "../src/db/client.js";
import { migrate } from "../src/db/migrator.js";
import { loadRegions } from "../src/db/regions/load-regions.js";
import { createRegionRepository } from "../src/db/repositories/region-repository.js";
import { startBotApiEmulator } from "../test/support/bot-api-emulator/index.js";
import { drive, personaScript, runStep } from "./bench-workload.js";
import { productionNodeFlags } from "./production-node-flags.js";

const MB = 1024 * 1024;
const mb = (n: number) => (n / MB).toFixed(1);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const PRELOAD = `data:text/javascript,${encodeURIComponent(`
import v8 from "node:v8";
import { PerformanceObserver } from "node:perf_hooks";
let gcMs = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) gcMs += e.duration; }).observe({ entryTypes: ["gc"] });
setInterval(() => {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, [s.space_used_size, s.space_size]]));
  process.send?.({ mem: m, spaces, gcMs });
}, 100).unref();`)}`;

/** Resident memory of a Linux process by mapping (/proc/PID/smaps): the node binary, each shared library, anonymous memory. */
function residentByMapping(pid: number): string {
  const file = `/proc/${pid}/smaps`;
  if (!existsSync(file)) return "(no /proc/PID/smaps on this system)";
  const totals = new Map<string, number>();
  let name = "";
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) name = head[1] ? path.basename(head[1]) : "[anonymous]";
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) totals.set(name, (totals.get(name) ?? 0) + Number(rss[1]) * 1024);
  }
  return [...totals].sort((a, b) => b[1] - a[1]).filter(([, v]) => v >= 0.5 * MB).map(([k, v]) => `${k} ${mb(v)}`).join(", ");
}

interface Sample {
  mem: NodeJS.MemoryUsage;
  /** Per V8 heap space: bytes used, bytes committed. */
  spaces: Record<string, [number, number]>;
  /** Milliseconds of garbage-collection pauses so far. */
  gcMs: number;
}

function describe(label: string, s: Sample | undefined): string {
  if (!s) return `${label}: no sample`;
  const m = s.mem;
  const rest = m.rss - m.heapTotal - m.external;
  const spaces = Object.entries(s.spaces).filter(([, [, size]]) => size > MB).map(([k, [used, size]]) => `${k.replace("_space", "")} ${mb(used)}/${mb(size)}`).join(", ");
  return `${label}: rss ${mb(m.rss)} = heap total ${mb(m.heapTotal)} (used ${mb(m.heapUsed)}; used/committed: ${spaces}) + external ${mb(m.external)} (array buffers ${mb(m.arrayBuffers)}) + rest ${mb(rest)}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      child: { type: "string" }, postgres: { type: "string" }, users: { type: "string" }, seconds: { type: "string" },
      "node-flag": { type: "string", multiple: true }, log: { type: "string" }, smaps: { type: "string" }, "default-heap": { type: "boolean" }, env: { type: "string", multiple: true }, snapshot: { type: "string" },
    },
  });
  if (!values.child) throw new Error("--child dist/<dir>/scripts/bench-bot-child.js is required (npm run bench compiles it)");
  const dir = mkdtempSync(path.join(tmpdir(), "kelisim-probe-"));
  const database = values.postgres ? await freshPostgres(values.postgres, "kelisim_probe") : { url: `file:${path.join(dir, "probe.db")}`, drop: async () => undefined };
  try {
    await migrate(database.url);
    const db = openDatabase(database.url);
    await loadRegions(createRegionRepository(db.prisma));
    await db.close();
    const emu = await startBotApiEmulator();
    const extraEnv = Object.fromEntries((values.env ?? []).map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
    const snapshotFlags = values.snapshot ? ["--heapsnapshot-signal=SIGUSR2", `--diagnostic-dir=${values.snapshot}`] : [];
    const started = performance.now();
    // As the bench: start:prod's heap flags (scripts/production-node-flags.ts) unless --default-heap; --node-flag adds more.
    const child = spawn(process.execPath, [...(values["default-heap"] ? [] : productionNodeFlags()), ...(values["node-flag"] ?? []), ...snapshotFlags, "--import", PRELOAD, values.child], {
      env: { ...process.env, ...extraEnv, BENCH_BOT: "kelisim", BOT_API_ROOT: emu.apiRoot, DATABASE_URL: database.url, LOG_LEVEL: "info" },
      stdio: ["ignore", values.log ? "pipe" : "ignore", "inherit", "ipc"],
    });
    const log: string[] = [];
    child.stdout?.on("data", (chunk: Buffer) => log.push(chunk.toString()));
    let last: Sample | undefined;
    let peak: Sample | undefined;
    let tracking = false;
    let cpuMs = 0;
    const cpuAt: number[] = [];
    const gcAt: number[] = [];
    child.on("message", (message: Partial<Sample> & { cpuMs?: number }) => {
      if (typeof message.cpuMs === "number") cpuMs = message.cpuMs;
      if (!message.mem) return;
      last = message as Sample;
      if (tracking && (!peak || last.mem.rss > peak.mem.rss)) peak = last;
    });
    const probe = emu.user({ id: 4_999_999, first_name: "Probe", language_code: "kk" });
    await runStep(probe, personaScript("kk")[0]!, "kelisim", 120_000);
    const startupMs = performance.now() - started;
    const startupCpuMs = cpuMs;
    if (values.log) writeFileSync(values.log, `spawned at ${new Date(Date.now() - startupMs).toISOString()}, first answer at ${new Date().toISOString()}\n${log.join("")}`);
    await sleep(2000);
    const idle = last;
    const idleMappings = residentByMapping(child.pid!);
    if (values.smaps) writeFileSync(values.smaps, readFileSync(`/proc/${child.pid}/smaps`, "utf8"));
    if (values.snapshot) {
      child.kill("SIGUSR2");
      await sleep(3000);
    }
    tracking = true;
    const users = Number(values.users ?? 50);
    const result = await drive({ emu, bot: "kelisim", concurrency: users, warmupMs: 3000, measureMs: Number(values.seconds ?? 10) * 1000, firstId: 5_000_000, onPhase: () => (cpuAt.push(cpuMs), gcAt.push(last?.gcMs ?? 0)) });
    tracking = false;
    const loadedMappings = residentByMapping(child.pid!);
    if (values.snapshot) child.kill("SIGUSR2");
    console.log(`start-up ${Math.round(startupMs)} ms (${Math.round(startupCpuMs)} CPU ms); ${result.latencies.length} updates measured, ${(result.latencies.length / result.measuredSeconds).toFixed(1)}/s, ${result.failures} failures; ${((cpuAt[1]! - cpuAt[0]!) / result.latencies.length).toFixed(2)} CPU ms/update, ${((gcAt[1]! - gcAt[0]!) / result.latencies.length).toFixed(2)} ms/update in GC pauses`);
    console.log(describe("idle", idle));
    console.log(describe("peak", peak));
    console.log(`resident by mapping, idle: ${idleMappings}`);
    console.log(`resident by mapping, end of load: ${loadedMappings}`);
    writeFileSync(path.join(dir, "samples.json"), JSON.stringify({ idle, peak }));
    await sleep(values.snapshot ? 5000 : 0);
    child.send("stop");
    await new Promise((resolve) => child.once("exit", resolve));
    await emu.close();
  } finally {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
