// The real entry point as a process: `npm start`'s command with only environment variables.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startBotApiEmulator } from "./support/bot-api-emulator/index.js";
import type { BotApiEmulator } from "./support/bot-api-emulator/types.js";

const root = path.resolve(import.meta.dirname, "..");
const tsx = path.join(root, "node_modules", ".bin", "tsx");

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** Runs src/main.ts in a scratch folder (so no developer .env is read) with exactly `env`. */
function startMain(cwd: string, env: Record<string, string>): Started {
  const child = spawn(tsx, [path.join(root, "src", "main.ts")], { cwd, env: { PATH: process.env.PATH ?? "", ...env } });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Resolves once the output contains `text` (or fails after `timeoutMs`). */
async function waitForOutput(started: Started, text: string, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!started.output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`no "${text}" in the output:\n${started.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A local port nobody listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let emu: BotApiEmulator | undefined;
let dir: string | undefined;
let running: Started | undefined;
afterEach(async () => {
  running?.child.kill("SIGKILL");
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  emu = running = dir = undefined;
});

describe("npm start", () => {
  it("without BOT_TOKEN exits non-zero with the helpful message and no stack trace", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "kelisim-main-"));
    running = startMain(dir, {});
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain("BOT_TOKEN is missing");
    expect(running.output()).toContain("@BotFather");
    expect(running.output()).not.toMatch(/\n\s+at /); // no stack frames
  }, 20_000);

  it("with BOT_TOKEN and BOT_API_ROOT answers /start, and stops cleanly on SIGTERM", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "kelisim-main-"));
    emu = await startBotApiEmulator();
    running = startMain(dir, { BOT_TOKEN: "x", BOT_API_ROOT: emu.apiRoot, LOG_LEVEL: "info", HTTP_PORT: "0", HTTP_HOST: "127.0.0.1" });
    const user = emu.user({ id: 77, first_name: "Асель", language_code: "kk" });
    await user.sendText("/start");
    const [welcome] = await user.waitForReply({ timeoutMs: 15_000 });
    expect(welcome?.text).toContain("Сәлеметсіз бе, Асель!");
    expect(existsSync(path.join(dir, "data", "kelisim.db"))).toBe(true); // the default SQLite file

    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    expect(running.output()).toContain('"msg":"stopped"');
    expect(running.output()).not.toContain("Асель"); // no personal data in logs
    expect(emu.pendingUpdates()).toBe(0); // what it handled was confirmed before exiting
  }, 30_000);

  it("with a token Telegram rejects says so, names BOT_TOKEN and @BotFather, and exits 1", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "kelisim-main-"));
    emu = await startBotApiEmulator({ token: "123456:the-right-one" });
    running = startMain(dir, { BOT_TOKEN: "123456:a-wrong-one", BOT_API_ROOT: emu.apiRoot, LOG_LEVEL: "info", HTTP_PORT: "0", HTTP_HOST: "127.0.0.1" });
    expect(await running.exited).toBe(1);
    const output = running.output();
    expect(output).toContain("connecting to Telegram…");
    expect(output).toContain("Telegram rejected the bot token: check BOT_TOKEN from @BotFather");
    expect(output).toContain('"problem":"token-rejected"');
    expect(output).not.toContain("a-wrong-one"); // never the token in logs
    expect(output).not.toContain("bot started");
  }, 60_000);

  it("with an unreachable API root says Telegram cannot be reached, and retries after a visible back-off", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "kelisim-main-"));
    running = startMain(dir, { BOT_TOKEN: "123456:secret-token", BOT_API_ROOT: `http://127.0.0.1:${await closedPort()}`, LOG_LEVEL: "info", HTTP_PORT: "0", HTTP_HOST: "127.0.0.1" });
    await waitForOutput(running, "retrying in 2 s…"); // the first retry (1 s) failed too: it keeps trying
    const output = running.output();
    expect(output).toContain("connecting to Telegram…");
    expect(output).toContain("getMe: cannot reach Telegram: check the internet connection");
    expect(output).toContain("(ECONNREFUSED); retrying in 1 s…");
    expect(output).toContain('"problem":"unreachable"');
    expect(output).not.toContain("secret-token");
    expect(running.child.exitCode).toBeNull(); // still running, still trying
  }, 60_000);
});
