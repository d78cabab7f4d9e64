// The "/" command menu, described in each language from the catalogues.
import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import { SUPPORTED_LOCALES, type Locale } from "../config.js";
import type { Logger } from "../logger.js";
import type { I18n, Translate } from "./i18n.js";

export const COMMANDS = ["start", "request", "myrequests", "about", "language", "mydata", "deletedata", "mediator", "cases", "claim", "help"] as const;

export function commandsFor(t: Translate): BotCommand[] {
  return COMMANDS.map((command) => ({ command, description: t(`commands.${command}`) }));
}

/**
 * Registers the commands for every language (and the default locale for all other clients).
 * A failure is logged as a warning and never stops the bot: the commands still work when typed.
 */
export async function registerCommands(api: Api, i18n: I18n, defaultLocale: Locale, logger: Logger): Promise<void> {
  const calls = [
    () => api.setMyCommands(commandsFor(i18n.t(defaultLocale))),
    ...SUPPORTED_LOCALES.map((locale) => () => api.setMyCommands(commandsFor(i18n.t(locale)), { language_code: locale })),
  ];
  for (const call of calls) {
    try {
      await call();
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "setMyCommands failed; the command menu may be out of date");
      return;
    }
  }
}
