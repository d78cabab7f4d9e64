// What an operator did while the console waits for typed text, as the prompt conversation sees it.
import type { Context } from "grammy";
import { parseOperator } from "../../callback-data/operator.js";

export type PromptInput =
  | { type: "cancel" }
  /** "Without a reason" (suspending only). */
  | { type: "skip" }
  | { type: "text"; text: string }
  /** A message forwarded from a person who shows their account in forwards. */
  | { type: "forwarded"; telegramId: bigint }
  | { type: "forward-hidden" }
  /** Another command or another button: handled by the rest of the bot. */
  | { type: "elsewhere" }
  /** Not a message or a tap (e.g. a membership change): passed on, the question stays open. */
  | { type: "not-for-us" }
  | { type: "other" };

export function readPromptInput(ctx: Context): PromptInput {
  const query = ctx.callbackQuery;
  if (query) {
    const action = parseOperator(query.data);
    if (action?.type === "op-prompt-cancel") return { type: "cancel" };
    if (action?.type === "op-prompt-skip") return { type: "skip" };
    return { type: "elsewhere" };
  }
  const message = ctx.message;
  if (!message) return { type: "not-for-us" };
  const origin = message.forward_origin;
  if (origin?.type === "user") return origin.sender_user.is_bot ? { type: "other" } : { type: "forwarded", telegramId: BigInt(origin.sender_user.id) };
  if (origin?.type === "hidden_user") return { type: "forward-hidden" };
  if (message.text !== undefined) {
    const text = message.text.trim();
    if (/^\/cancel(@\w+)?$/i.test(text)) return { type: "cancel" };
    if (text.startsWith("/")) return { type: "elsewhere" };
    return { type: "text", text: message.text };
  }
  return { type: "other" };
}
