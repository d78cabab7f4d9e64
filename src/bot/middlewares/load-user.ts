import type { MiddlewareFn } from "grammy";
import type { Locale } from "../../config.js";
import { resolveLocale } from "../../domain/locale.js";
import type { UserRepository } from "../../domain/user.js";
import type { BotContext } from "../context.js";
import type { I18n } from "../i18n.js";

/** Records who wrote (first contact, names, "not blocked any more") and picks the language to answer in. */
export function loadUser(deps: { users: UserRepository; i18n: I18n; defaultLocale: Locale }): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    ctx.user = undefined;
    ctx.isNewUser = false;
    if (from && !from.is_bot) {
      const { user, isNew } = await deps.users.recordContact({
        telegramId: BigInt(from.id),
        firstName: from.first_name,
        lastName: from.last_name ?? null,
        languageCode: from.language_code ?? null,
      });
      ctx.user = user;
      ctx.isNewUser = isNew;
    }
    ctx.locale = resolveLocale(ctx.user?.locale, from?.language_code, deps.defaultLocale);
    ctx.t = deps.i18n.t(ctx.locale);
    await next();
  };
}

/** Before the user is loaded (or when loading failed) errors are still answered: in the default language. */
export function presetLocale(deps: { i18n: I18n; defaultLocale: Locale }): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    ctx.locale = resolveLocale(null, ctx.from?.language_code, deps.defaultLocale);
    ctx.t = deps.i18n.t(ctx.locale);
    return next();
  };
}
