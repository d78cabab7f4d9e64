// A running Kelisim against the Bot API emulator, as flow tests need it: the real app (migrations,
// regions, runner) with only the API root and the database location chosen by the test.
import { startApp, type AppOptions, type RunningApp } from "../../src/app.js";
import { createConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { startBotApiEmulator } from "./bot-api-emulator/index.js";
import type { BotApiEmulator } from "./bot-api-emulator/types.js";
import { freshSqlite, type DatabaseTarget, type TestDatabase } from "./databases.js";

export interface Flow {
  emu: BotApiEmulator;
  app: RunningApp;
  db: TestDatabase;
  /** Stops the bot process-equivalent and starts a new one on the same database and emulator. */
  restart(options?: AppOptions): Promise<void>;
  stop(): Promise<void>;
}

export async function startFlow(options: AppOptions & { env?: Record<string, string>; database?: DatabaseTarget } = {}): Promise<Flow> {
  const emu = await startBotApiEmulator();
  const db = options.database ? await options.database.create() : freshSqlite();
  const config = createConfig({ BOT_TOKEN: "123456:TEST", BOT_API_ROOT: emu.apiRoot, DATABASE_URL: db.url, LOG_LEVEL: "silent", HTTP_PORT: "0", HTTP_HOST: "127.0.0.1", RATE_LIMIT_PER_10S: "0", ...options.env });
  const logger = createLogger("silent");
  const flow: Flow = {
    emu,
    db,
    app: await startApp(config, { logger, ...options }),
    async restart(next = {}) {
      await flow.app.stop();
      flow.app = await startApp(config, { logger, ...next });
    },
    async stop() {
      await flow.app.stop();
      await emu.close();
      await db.drop();
    },
  };
  return flow;
}
