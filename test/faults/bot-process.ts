// The real bot as a child process, for tests that kill it with SIGKILL at random moments and start it
// again on the same database and emulator, as a crash in production would. src/main.ts is bundled once
// with esbuild (tsx's own compiler) so that a start costs the app's start-up, not a TypeScript compile of
// every module (`node --import tsx src/main.ts` takes several seconds more per start on 2 cores).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync, rmdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { BotApiEmulator } from "../support/bot-api-emulator/types.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
// Inside node_modules so that the bundle's bare imports (grammy, prisma…) resolve, and below ROOT so that
// src/db/project-root.ts finds package.json, prisma/ and the regions from it.
const BUNDLE_DIR = path.join(ROOT, "node_modules", ".cache", "kelisim-faults");
const BUNDLE = path.join(BUNDLE_DIR, `main-${process.pid}.mjs`);
let built = false;

function bundle(): string {
  if (built) return BUNDLE;
  mkdirSync(BUNDLE_DIR, { recursive: true });
  execFileSync(path.join(ROOT, "node_modules", ".bin", "esbuild"), [
    "src/main.ts", "--bundle", "--platform=node", "--format=esm", "--packages=external", "--log-level=warning", `--outfile=${BUNDLE}`,
    "--banner:js=import { createRequire as __kelisimRequire } from 'node:module'; const require = __kelisimRequire(import.meta.url);",
  ], { cwd: ROOT, stdio: "inherit" });
  built = true;
  process.once("exit", removeBundle); // in case afterAll never ran
  return BUNDLE;
}

/** Deletes this test process's bundle (and the cache folder once no other run's bundle is left in it). */
export function removeBundle(): void {
  rmSync(BUNDLE, { force: true });
  built = false;
  try {
    rmdirSync(BUNDLE_DIR);
  } catch {
    // another run's bundle is still there, or it is gone already
  }
}

export interface BotProcess {
  /** Starts the bot and resolves once it polls (its first setMyCommands call reached the emulator). */
  start(): Promise<void>;
  /** SIGKILL: no cleanup, no confirmation of updates, nothing flushed. */
  kill(): Promise<void>;
  /** SIGTERM and wait (clean stop). */
  stop(): Promise<void>;
  readonly starts: number;
  /** What the process wrote to stderr (LOG_LEVEL=silent: only crashes). */
  stderr(): string;
}

export function botProcess(emu: BotApiEmulator, env: Record<string, string>): BotProcess {
  let child: ChildProcess | undefined;
  let exited: Promise<void> | undefined;
  let starts = 0;
  let stderr = "";
  // Polling has begun once the bot registers its commands (startApp does it right after starting the runner).
  const startsSeen = () => emu.calls.filter((c) => c.method === "setMyCommands" && !c.payload.scope && !c.payload.language_code).length;

  const waitExit = async () => {
    await exited;
    child = undefined;
  };
  return {
    get starts() {
      return starts;
    },
    stderr: () => stderr,
    async start() {
      if (child) throw new Error("bot process already running");
      const seen = startsSeen();
      const proc = spawn(process.execPath, [bundle()], {
        cwd: tmpdir(), // no .env is picked up by accident
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TZ: "UTC", LOG_LEVEL: process.env.FAULTS_BOT_LOG ? "debug" : "silent", HTTP_HOST: "127.0.0.1", HTTP_PORT: "0", RATE_LIMIT_PER_10S: "0", ...env },
        // FAULTS_BOT_LOG=<file>: the bot's own log (with LOG_LEVEL) is appended there, for diagnosis.
        stdio: ["ignore", process.env.FAULTS_BOT_LOG ? openSync(process.env.FAULTS_BOT_LOG, "a") : "ignore", "pipe"],
      });
      child = proc;
      starts++;
      proc.stderr?.on("data", (chunk) => (stderr += String(chunk)));
      exited = new Promise((resolve) => proc.once("exit", () => resolve()));
      const deadline = Date.now() + 20_000;
      while (startsSeen() === seen) {
        if (proc.exitCode !== null) throw new Error(`bot exited with ${proc.exitCode} during start:\n${stderr}`);
        if (Date.now() > deadline) throw new Error(`bot did not start within 20 s:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async kill() {
      if (!child) return;
      child.kill("SIGKILL");
      await waitExit();
    },
    async stop() {
      if (!child) return;
      child.kill("SIGTERM");
      await waitExit();
    },
  };
}
