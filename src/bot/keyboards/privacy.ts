import { InlineKeyboard } from "grammy";
import { pack } from "../callback-data/actions.js";
import type { Translate } from "../i18n.js";

/** Under the data export: the way to erase it, and the menu. */
export function createMyDataKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("privacy:buttons.delete"), pack({ type: "erase-ask" })).row()
    .text(t("nav.menu"), pack({ type: "menu" }));
}

/** Erasing cannot be undone, so it is always a second, explicit tap. */
export function createEraseConfirmKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("privacy:buttons.erase"), pack({ type: "erase-confirm" })).row()
    .text(t("privacy:buttons.keep"), pack({ type: "erase-keep" }));
}
