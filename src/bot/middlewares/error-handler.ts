import { BotError, type ErrorHandler } from "grammy";
import type { Logger } from "../../logger.js";
import type { BotContext } from "../context.js";

/**
 * The error boundary's handler: log the failure (ids only) and tell the person, in their language,
 * that it was our fault. The apology itself may fail (network, blocked bot); that is only logged.
 */
export function apologise(logger: Logger): ErrorHandler<BotContext> {
  return async (error: BotError<BotContext>) => {
    const ctx = error.ctx;
    const cause = error.error as Error;
    logger.error({ updateId: ctx.update.update_id, err: { name: cause?.name, message: cause?.message, stack: cause?.stack } }, "handler failed");
    if (!ctx.chat || ctx.chat.type !== "private") return;
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
      await ctx.reply(ctx.t("errors.generic"));
    } catch (replyError) {
      logger.warn({ updateId: ctx.update.update_id, err: (replyError as Error).message }, "could not send the apology");
    }
  };
}
