// /broadcast (operators only) opens the composer; "Stop" under a progress message cancels a running
// broadcast. Any composer or stop button tapped by someone who is not an operator (a forged payload, a
// forwarded message) is answered with a "not allowed" alert and changes nothing.
import { Composer } from "grammy";
import { cancelBroadcast, type BroadcastRepository } from "../../domain/broadcast.js";
import type { OperatorDirectory } from "../../domain/operators.js";
import { parseBroadcast } from "../callback-data/broadcast.js";
import type { BotContext } from "../context.js";
import { BROADCAST_COMPOSE_CONVERSATION } from "../conversations/broadcast-compose/broadcast-compose.js";
import { isOperator } from "../filters/is-operator.js";

export function createBroadcastFeature(deps: { broadcasts: BroadcastRepository; operators: OperatorDirectory; now: () => Date }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const operatorsOnly = isOperator(deps.operators);

  feature.command("broadcast").filter(operatorsOnly, async (ctx) => {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(BROADCAST_COMPOSE_CONVERSATION);
  });

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseBroadcast(ctx.callbackQuery.data);
    if (!action) return next();
    if (!(await operatorsOnly(ctx))) {
      await ctx.answerCallbackQuery({ text: ctx.t("broadcast:notAllowed"), show_alert: true });
      return;
    }
    if (action.type !== "bc-stop") {
      // A button of a composer that is no longer open.
      await ctx.answerCallbackQuery({ text: ctx.t("broadcast:closed") });
      return;
    }
    const stopped = await cancelBroadcast(deps, { userId: ctx.user?.id ?? 0, telegramId: BigInt(ctx.from.id) }, action.id, deps.now());
    await ctx.answerCallbackQuery({ text: ctx.t(stopped ? "broadcast:progress.stopping" : "broadcast:progress.alreadyOver") });
  });
  return feature;
}
