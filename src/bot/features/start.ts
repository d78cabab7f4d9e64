import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { createLanguageKeyboard } from "../keyboards/language.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";

export const startFeature = new Composer<BotContext>();

startFeature.command("start", async (ctx) => {
  const name = ctx.from?.first_name ?? "";
  // First contact (or never chose a language): greet in our best guess and let them pick.
  if (ctx.user?.locale == null) {
    await ctx.reply(`${ctx.t("start.welcome", { name })}\n\n${ctx.t("start.chooseLanguage")}`, {
      parse_mode: "HTML",
      reply_markup: createLanguageKeyboard(ctx.t, { withMenu: false }),
    });
    return;
  }
  await ctx.reply(`${ctx.t("start.welcomeBack", { name })}\n\n${ctx.t("menu.title")}`, {
    parse_mode: "HTML",
    reply_markup: createMainMenuKeyboard(ctx.t),
  });
});
