import { InlineKeyboard } from "grammy";
import { ABOUT_PAGES } from "../about-pages.js";
import { pack } from "../callback-data/actions.js";
import type { Translate } from "../i18n.js";

export function createAboutTopicsKeyboard(t: Translate): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  ABOUT_PAGES.forEach((id, page) => {
    keyboard.text(t(`about:pages.${id}.button`), pack({ type: "about-page", page }));
    if (page % 2 === 1) keyboard.row();
  });
  return keyboard.row().text(t("nav.menu"), pack({ type: "menu" }));
}

/** Back (previous page, or the topic list from the first), Next (absent on the last page), Menu. */
export function createAboutPageKeyboard(t: Translate, page: number): InlineKeyboard {
  const keyboard = new InlineKeyboard().text(t("nav.back"), pack(page === 0 ? { type: "about-topics" } : { type: "about-page", page: page - 1 }));
  if (page < ABOUT_PAGES.length - 1) keyboard.text(t("nav.next"), pack({ type: "about-page", page: page + 1 }));
  return keyboard.row().text(t("nav.menu"), pack({ type: "menu" }));
}
