// Long polling with @grammyjs/runner: updates of different chats run concurrently, one chat's in order
// (sequentialize in createBot). On stop, in-flight updates finish and the last handled update_id is
// confirmed to Telegram, so that a clean restart does not see the last batch a second time.
// getUpdates goes through `connection` (a bare Api object) and untilTelegramAnswers: a lost network is logged
// with its cause and retried with a visible back-off instead of grammY's silent retries; a token revoked
// while running stops polling and calls onFatal.
import { run } from "@grammyjs/runner";
import type { Api, Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "../logger.js";
import type { BotContext } from "./context.js";
import { TokenRejectedError, untilTelegramAnswers } from "./telegram-connection.js";

export const ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"] as const;

/**
 * Updates handled at once (of different chats). Measured with scripts/bench-memory-probe.ts (50 people, SQLite,
 * 256 MB old space, 8 MB semi-spaces): 8, 16, 32 and 100 gave the same throughput from 16 up (about 250
 * updates/s on the busy 2-core machine; 8 was lower) and a peak RSS of 161-163, 160-167, 160-172 and 173-174 MB.
 * 32 keeps most of the memory gain and room for real Bot API round trips (tens of ms each; the emulator has none).
 */
export const RUNNER_CONCURRENCY = 32;

/** Seconds Telegram holds a getUpdates call open when there is nothing to deliver. */
const LONG_POLL_SECONDS = 30;

export interface Polling {
  stop(): Promise<void>;
}

export interface PollingOptions {
  /** The Api object getUpdates is called on (without auto-retry); bot.api when omitted. */
  connection?: Api;
  /** Telegram rejected the token while polling: nothing more will arrive. */
  onFatal?: (error: Error) => void;
}

type GetUpdatesSignal = Parameters<Api["getUpdates"]>[1];

export function startPolling(bot: Bot<BotContext>, logger: Logger, options: PollingOptions = {}): Polling {
  const connection = options.connection ?? bot.api;
  let lastHandled: number | undefined;
  const getUpdates = async (args: Parameters<Api["getUpdates"]>[0], signal?: GetUpdatesSignal) => {
    try {
      return await untilTelegramAnswers("getUpdates", (attemptSignal) => connection.getUpdates(args, attemptSignal as GetUpdatesSignal), {
        logger,
        signal: signal as AbortSignal | undefined,
        timeoutMs: ((args?.timeout ?? LONG_POLL_SECONDS) + 15) * 1000,
      });
    } catch (error) {
      if (error instanceof TokenRejectedError) options.onFatal?.(error);
      throw error;
    }
  };
  const runner = run(
    {
      init: () => bot.init(),
      api: { getUpdates } as unknown as Api,
      errorHandler: bot.errorHandler,
      handleUpdate: async (update: Update) => {
        try {
          await bot.handleUpdate(update);
        } finally {
          lastHandled = Math.max(lastHandled ?? update.update_id, update.update_id);
        }
      },
    },
    // silent: failures are logged by untilTelegramAnswers, in words; the runner would print raw errors.
    { runner: { fetch: { allowed_updates: [...ALLOWED_UPDATES], timeout: LONG_POLL_SECONDS }, silent: true }, sink: { concurrency: RUNNER_CONCURRENCY } },
  );
  // The runner's task rejects only on a rejected token (onFatal has been told); keep it from being unhandled.
  void runner.task()?.catch(() => undefined);
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
