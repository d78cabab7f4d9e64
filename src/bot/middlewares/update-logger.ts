import type { MiddlewareFn } from "grammy";
import type { Logger } from "../../logger.js";
import type { BotContext } from "../context.js";

/** One debug line per update: its id, kind and how long it took. Never its text or the sender's name. */
export function logUpdates(logger: Logger): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const started = performance.now();
    const kind = Object.keys(ctx.update).find((k) => k !== "update_id") ?? "unknown";
    try {
      await next();
    } finally {
      logger.debug({ updateId: ctx.update.update_id, kind, ms: Math.round(performance.now() - started) }, "update handled");
    }
  };
}
