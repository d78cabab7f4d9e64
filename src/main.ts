// Entry point: configuration → app (migrations, regions, bot) → long polling or webhook (BOT_MODE); clean
// shutdown on signals.
import "dotenv/config";
import { startApp } from "./app.js";
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
  const app = await startApp(config, { logger });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took longer than 20 s; exiting");
      process.exit(1);
    }, 20_000);
    force.unref();
    await app.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error: Error) => {
  console.error(`Kelisim failed to start: ${error.message}`);
  process.exit(1);
});
