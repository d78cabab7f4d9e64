import { InlineKeyboard } from "grammy";
import { SUPPORTED_LOCALES } from "../../config.js";
import { pack } from "../callback-data/actions.js";
import type { Translate } from "../i18n.js";

/** One button per language, each written in its own language so anyone can find theirs. */
export function createLanguageKeyboard(t: Translate, options: { withMenu: boolean }): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const locale of SUPPORTED_LOCALES) keyboard.text(t(`language.names.${locale}`), pack({ type: "set-language", locale })).row();
  if (options.withMenu) keyboard.text(t("nav.menu"), pack({ type: "menu" }));
  return keyboard;
}
