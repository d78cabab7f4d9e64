// Unexpected input in a conversation (a button of another step, a sticker, text where a tap is needed): say
// so, then show the question the bot waits for again, with its keyboard. A crash can lose a person's last
// answer after its reply went out (the next question on screen, the bot still waiting for the previous
// one); showing the awaited question again lets the person simply answer it and go on.
import type { Context } from "grammy";

export async function hintThenAskAgain(ctx: Context, hint: string | undefined, askAgain: () => Promise<unknown>): Promise<void> {
  if (hint !== undefined) await ctx.reply(hint, { parse_mode: "HTML" });
  await askAgain();
}
