import { InlineKeyboard } from "grammy";
import { pack } from "../callback-data/actions.js";
import type { Translate } from "../i18n.js";

export function createMainMenuKeyboard(t: Translate): InlineKeyboard {
  // The main action first: a villager who came for a mediator should not have to read past "About mediation".
  return new InlineKeyboard()
    .text(t("menu.request"), pack({ type: "request-mediator" })).row()
    .text(t("menu.about"), pack({ type: "about-topics" })).row()
    .text(t("menu.myRequests"), pack({ type: "my-requests" })).row()
    .text(t("menu.help"), pack({ type: "help" }))
    .text(t("menu.language"), pack({ type: "language-picker" }));
}

/** A single "Menu" button, for answers that lead nowhere else. */
export function createBackToMenuKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("nav.menu"), pack({ type: "menu" }));
}
