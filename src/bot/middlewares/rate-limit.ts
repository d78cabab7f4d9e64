import { limit } from "@grammyjs/ratelimiter";
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";

/**
 * Per-person flood protection: more than `perTenSeconds` updates in 10 s are dropped, and the person is told
 * once, kindly, in their language. Counts live in this process (several instances each count their share).
 */
export function rateLimit(perTenSeconds: number): MiddlewareFn<BotContext> {
  if (perTenSeconds <= 0) return (_ctx, next) => next();
  return limit<BotContext, never>({
    timeFrame: 10_000,
    limit: perTenSeconds,
    keyGenerator: (ctx) => ctx.from?.id.toString(),
    onLimitExceeded: async (ctx) => {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("errors.slowDown") }).catch(() => undefined);
      else await ctx.reply(ctx.t("errors.slowDown")).catch(() => undefined);
    },
  });
}
