// Long polling with @grammyjs/runner: updates of different chats run concurrently, one chat's in order
// (sequentialize in createBot). On stop, in-flight updates finish and the last handled update_id is
// confirmed to Telegram, so that a clean restart does not see the last batch a second time.
import { run } from "@grammyjs/runner";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import type { BotContext } from "./context.js";

export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

export interface Polling {
  stop(): Promise<void>;
}

export function startPolling(bot: Bot<BotContext>, logger: Logger): Polling {
  let lastHandled: number | undefined;
  const runner = run(
    {
      init: () => bot.init(),
      api: bot.api,
      errorHandler: bot.errorHandler,
      handleUpdate: async (update: Update) => {
        try {
          await bot.handleUpdate(update);
        } finally {
          lastHandled = Math.max(lastHandled ?? update.update_id, update.update_id);
        }
      },
    },
    { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES] } }, sink: { concurrency: 100 } },
  );
  return {
    async stop() {
      if (runner.isRunning()) await runner.stop();
      if (lastHandled === undefined) return;
      try {
        // Bounded: at shutdown an unreachable API must not hold the process.
        await bot.api.getUpdates({ offset: lastHandled + 1, limit: 1, timeout: 0 }, AbortSignal.timeout(3000) as Parameters<typeof bot.api.getUpdates>[1]);
      } catch (error) {
        logger.warn({ err: (error as Error).message }, "could not confirm the last updates; they may be delivered again");
      }
    },
  };
}
