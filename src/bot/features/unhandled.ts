import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { showScreen } from "../helpers/show-screen.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";

/** Last in the chain: whatever no feature understood gets a kind pointer to the menu, never silence. */
export const unhandledFeature = new Composer<BotContext>();

unhandledFeature.on("callback_query", async (ctx) => {
  // An old keyboard, or data we never produced: say so and offer the current menu.
  await ctx.answerCallbackQuery({ text: ctx.t("errors.staleButton") });
  await ctx.reply(ctx.t("menu.title"), { parse_mode: "HTML", reply_markup: createMainMenuKeyboard(ctx.t) });
});

unhandledFeature.on("message", async (ctx) => {
  await showScreen(ctx, `${ctx.t("fallback.text")}\n\n${ctx.t("menu.title")}`, createMainMenuKeyboard(ctx.t));
});
