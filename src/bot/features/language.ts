import { Composer } from "grammy";
import type { UserRepository } from "../../domain/user.js";
import type { BotContext } from "../context.js";
import { onAction } from "../helpers/on-action.js";
import { showScreen } from "../helpers/show-screen.js";
import type { I18n } from "../i18n.js";
import { createLanguageKeyboard } from "../keyboards/language.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";
import { refreshCommandMenu, type MenuDeps } from "../commands.js";

export function createLanguageFeature(deps: MenuDeps & { users: UserRepository; i18n: I18n }): Composer<BotContext> {
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
    // The "/" menu of this chat follows the chosen language, not the phone's (with the person's role).
    await refreshCommandMenu(ctx.api, deps, BigInt(ctx.from.id));
  });
  return feature;
}
