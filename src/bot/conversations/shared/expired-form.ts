// A tap on an intake or application button when no such form is open: the form was finished, cancelled,
// or closed after CONVERSATION_TTL_DAYS without an answer (its state pruned, or its wait timed out and the
// plugin passed the tap on). Say so and offer the menu to start again, instead of the generic "old button".
import { Composer } from "grammy";
import type { BotContext } from "../../context.js";
import { createMainMenuKeyboard } from "../../keyboards/main-menu.js";

/** Callback data prefixes of the long forms (intake-input.ts, application-input.ts). */
const FORM_BUTTONS = /^(i|ma):/;

export const expiredFormFeature = new Composer<BotContext>();

expiredFormFeature.callbackQuery(FORM_BUTTONS, async (ctx) => {
  await ctx.answerCallbackQuery().catch(() => undefined);
  await ctx.editMessageReplyMarkup().catch(() => undefined);
  await ctx.reply(ctx.t("errors.formClosed"), { parse_mode: "HTML", reply_markup: createMainMenuKeyboard(ctx.t) });
});
