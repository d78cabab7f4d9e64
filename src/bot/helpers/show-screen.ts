import { GrammyError, type InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";

/**
 * Shows a "screen" (HTML text + inline keyboard). After a button tap it edits the tapped message,
 * so reading through pages does not flood the chat; after a command it sends a new message.
 */
export async function showScreen(ctx: BotContext, text: string, keyboard: InlineKeyboard): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (message && "text" in message) {
    try {
      await ctx.editMessageText(text, { parse_mode: "HTML", reply_markup: keyboard, link_preview_options: { is_disabled: true } });
      return;
    } catch (error) {
      // A double tap re-renders the same screen: nothing to change, nothing to report.
      if (error instanceof GrammyError && error.description.includes("message is not modified")) return;
      throw error;
    }
  }
  await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard, link_preview_options: { is_disabled: true } });
}
