import { Composer } from "grammy";
import type { Locale } from "../../config.js";
import type { UserRepository } from "../../domain/user.js";
import type { BotContext } from "../context.js";
import { onAction } from "../helpers/on-action.js";
import { showScreen } from "../helpers/show-screen.js";
import type { I18n } from "../i18n.js";
import { createLanguageKeyboard } from "../keyboards/language.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";
import { commandsFor } from "../commands.js";
import type { Logger } from "../../logger.js";

export function createLanguageFeature(deps: { users: UserRepository; i18n: I18n; logger: Logger }): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const showPicker = (ctx: BotContext) => showScreen(ctx, ctx.t("language.prompt"), createLanguageKeyboard(ctx.t, { withMenu: true }));

  feature.command("language", showPicker);
  onAction(feature, "language-picker", showPicker);

  onAction(feature, "set-language", async (ctx, { locale }) => {
    if (!ctx.from) return;
    await deps.users.setLocale(BigInt(ctx.from.id), locale);
    // From this moment on the person reads their new language, this very answer included.
    ctx.locale = locale;
    ctx.t = deps.i18n.t(locale);
    await showScreen(ctx, `${ctx.t("language.saved")}\n\n${ctx.t("menu.title")}`, createMainMenuKeyboard(ctx.t));
    await showCommandsIn(ctx, locale);
  });

  /** The "/" menu of this chat follows the chosen language, not the phone's. Cosmetic: failures only log. */
  async function showCommandsIn(ctx: BotContext, locale: Locale) {
    if (!ctx.chat) return;
    try {
      await ctx.api.setMyCommands(commandsFor(deps.i18n.t(locale)), { scope: { type: "chat", chat_id: ctx.chat.id } });
    } catch (error) {
      deps.logger.warn({ err: (error as Error).message }, "setMyCommands for a chat failed");
    }
  }
  return feature;
}
