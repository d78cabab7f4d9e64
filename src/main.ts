// Entry point: configuration → app (migrations, regions, bot) → long polling or webhook (BOT_MODE); clean
// shutdown on signals.
import "dotenv/config";
import { startApp, type RunningApp } from "./app.js";
import { ConfigError, createConfig } from "./config.js";
import { createLogger } from "./logger.js";

async function main(): Promise<void> {
  let config;
  try {
    config = createConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // A configuration problem is the deployer's to fix: the message says how; a stack trace would only hide it.
    console.error(error.message);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);
  let stopping = false;
  let app: RunningApp | undefined;
  // The token was revoked while running: nothing more will arrive, and a restart with the same token cannot help.
  const onFatal = () => {
    if (stopping) return;
    stopping = true;
    logger.fatal("stopping: Telegram no longer accepts BOT_TOKEN");
    void (app?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  };
  app = await startApp(config, { logger, onFatal });
  const running = app;

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took longer than 20 s; exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    await running.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: Error) => {
  // A rejected token (TokenRejectedError) has been logged with what to check; this repeats it on stderr.
  console.error(`Kelisim failed to start: ${error.message}`);
  process.exit(1);
});
