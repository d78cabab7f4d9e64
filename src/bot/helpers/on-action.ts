import type { Composer } from "grammy";
import { parse, type Action } from "../callback-data/actions.js";
import type { BotContext } from "../context.js";

/**
 * Routes a button tap with a given action type to `handler`. The spinner on the person's button is
 * stopped first, because on a slow network a button that keeps spinning invites a second tap.
 * Who may do what is decided here per action as roles arrive; every current action is open to anyone.
 */
export function onAction<T extends Action["type"]>(
  composer: Composer<BotContext>,
  type: T,
  handler: (ctx: BotContext, action: Extract<Action, { type: T }>) => Promise<unknown>,
): void {
  composer.on("callback_query:data", async (ctx, next) => {
    const action = parse(ctx.callbackQuery.data);
    if (action?.type !== type) return next();
    await ctx.answerCallbackQuery();
    await handler(ctx, action as Extract<Action, { type: T }>);
  });
}
