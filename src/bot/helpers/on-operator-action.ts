import type { Composer } from "grammy";
import type { OperatorDirectory } from "../../domain/operators.js";
import { parseOperator, type OperatorAction } from "../callback-data/operator.js";
import type { BotContext } from "../context.js";
import { isOperator } from "../filters/is-operator.js";

/**
 * Routes a console button of the given type to `handler`, for operators only. Anyone else (a forged
 * payload, an old message forwarded to them) is told the action is not allowed, and nothing runs.
 */
export function onOperatorAction<T extends OperatorAction["type"]>(
  composer: Composer<BotContext>,
  operators: OperatorDirectory,
  type: T,
  handler: (ctx: BotContext, action: Extract<OperatorAction, { type: T }>) => Promise<unknown>,
): void {
  const allowed = isOperator(operators);
  composer.on("callback_query:data", async (ctx, next) => {
    const action = parseOperator(ctx.callbackQuery.data);
    if (action?.type !== type) return next();
    if (!(await allowed(ctx))) {
      await ctx.answerCallbackQuery({ text: ctx.t("operator:notAllowed"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await handler(ctx, action as Extract<OperatorAction, { type: T }>);
  });
}
