// Tells a person that the form they were filling in was closed because its stored state reached the cap
// (src/db/cache/bounded-storage.ts). Sent from outside the conversation (the state is already gone), in the
// person's language; logs only the size, never what was in the form.
import type { Api } from "grammy";
import type { Locale } from "../../../config.js";
import { resolveLocale } from "../../../domain/locale.js";
import type { UserRepository } from "../../../domain/user.js";
import type { Logger } from "../../../logger.js";
import type { StateReset } from "../../../db/cache/bounded-storage.js";
import type { I18n } from "../../i18n.js";
import { createMainMenuKeyboard } from "../../keyboards/main-menu.js";

export interface ResetNoticeDeps {
  api: Api;
  users: Pick<UserRepository, "findByTelegramId">;
  i18n: I18n;
  defaultLocale: Locale;
  logger: Logger;
}

export function createResetNotice(deps: ResetNoticeDeps): (reset: StateReset) => Promise<void> {
  return async ({ key, bytes }) => {
    deps.logger.warn({ bytes }, "conversation state over its cap: conversation reset");
    try {
      // The key is the chat id, which is the person's id in a private chat (the bot talks in private chats only).
      if (!/^\d+$/.test(key)) return;
      const user = await deps.users.findByTelegramId(BigInt(key));
      const t = deps.i18n.t(resolveLocale(user?.locale, user?.telegramLanguage ?? undefined, deps.defaultLocale));
      await deps.api.sendMessage(key, t("errors.formTooLong"), { parse_mode: "HTML", reply_markup: createMainMenuKeyboard(t) });
    } catch (error) {
      deps.logger.error({ err: (error as Error)?.message }, "telling a person their form was reset failed");
    }
  };
}
