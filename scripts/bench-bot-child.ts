// One bot under benchmark, in its own process so that its memory and CPU are its own: the parent
// (scripts/bench.ts) runs the Bot API emulator and the simulated people. bench.ts compiles it (with src/) to
// dist/bench/ and starts it with plain node, as production runs; `node --import tsx` works too. Environment:
//   BENCH_BOT=bare|kelisim, BOT_API_ROOT, DATABASE_URL (kelisim), LOG_LEVEL (kelisim, default info).
// Reports { rss, cpuMs } (resident bytes; user + system CPU time so far) over IPC every 100 ms; on the
// message "stop" it stops like on SIGTERM (in-flight updates finish, the database closes) and exits.
import { run } from "@grammyjs/runner";
import { Bot } from "grammy";
import { ALLOWED_UPDATES, RUNNER_CONCURRENCY } from "../src/bot/polling.js";

const TOKEN = "123456:BENCH";

/** The reference: grammY with nothing but an echo, polled by @grammyjs/runner with Kelisim's options. */
function startBareBot(apiRoot: string): () => Promise<void> {
  const bot = new Bot(TOKEN, { client: { apiRoot } });
  bot.on("message", (ctx) => ctx.reply(ctx.message.text ?? "ok"));
  bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());
  const runner = run(bot, { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } }, sink: { concurrency: RUNNER_CONCURRENCY } });
  return async () => {
    if (runner.isRunning()) await runner.stop();
  };
}

async function startKelisim(apiRoot: string): Promise<() => Promise<void>> {
  // Loaded only here, so that the bare bot's memory holds nothing of Kelisim.
  const [{ startApp }, { createConfig }, { createLogger }] = await Promise.all([import("../src/app.js"), import("../src/config.js"), import("../src/logger.js")]);
  const config = createConfig({
    BOT_TOKEN: TOKEN,
    BOT_API_ROOT: apiRoot,
    DATABASE_URL: process.env.DATABASE_URL ?? "",
    LOG_LEVEL: process.env.LOG_LEVEL ?? "info",
    HTTP_HOST: "127.0.0.1",
    HTTP_PORT: "0",
  });
  const app = await startApp(config, { logger: createLogger(config.logLevel) });
  return () => app.stop();
}

async function main(): Promise<void> {
  const apiRoot = process.env.BOT_API_ROOT;
  if (!apiRoot || !process.send) throw new Error("bench-bot-child is started by scripts/bench.ts (needs BOT_API_ROOT and an IPC channel)");
  const report = () => {
    const cpu = process.cpuUsage();
    process.send?.({ rss: process.memoryUsage().rss, cpuMs: (cpu.user + cpu.system) / 1000 });
  };
  report();
  setInterval(report, 100).unref();
  const stop = process.env.BENCH_BOT === "bare" ? startBareBot(apiRoot) : await startKelisim(apiRoot);
  let stopping = false;
  const finish = async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    process.exit(0);
  };
  process.on("message", (message) => {
    if (message === "stop") void finish();
  });
  process.on("disconnect", () => void finish()); // the parent is gone
}

main().catch((error: unknown) => {
  console.error(`bench-bot-child: ${(error as Error).message}`);
  process.exit(1);
});
