import { InlineKeyboard } from "grammy";
import { pack } from "../callback-data/actions.js";
import type { Translate } from "../i18n.js";

/** One button per request (its label is built by the caller: code and status), then Menu. */
export function createRequestListKeyboard(t: Translate, requests: ReadonlyArray<{ id: number; label: string }>): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const { id, label } of requests) keyboard.text(label, pack({ type: "request-details", id })).row();
  return keyboard.text(t("nav.menu"), pack({ type: "menu" }));
}

/** Nothing to list yet: the way to a first request, or back to the menu. */
export function createNoRequestsKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("menu.request"), pack({ type: "request-mediator" })).row()
    .text(t("nav.menu"), pack({ type: "menu" }));
}

/** Cancel (only while the request can still be withdrawn), back to the list, Menu. */
export function createRequestDetailsKeyboard(t: Translate, request: { id: number; canCancel: boolean }): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (request.canCancel) keyboard.text(t("requests:buttons.cancel"), pack({ type: "request-cancel-ask", id: request.id })).row();
  return keyboard
    .text(t("requests:buttons.backToList"), pack({ type: "my-requests" }))
    .text(t("nav.menu"), pack({ type: "menu" }));
}

/** "Keep it" leads back to the request, so a mistaken tap costs nothing. */
export function createCancelConfirmKeyboard(t: Translate, id: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("requests:buttons.confirmCancel"), pack({ type: "request-cancel-confirm", id })).row()
    .text(t("requests:buttons.keep"), pack({ type: "request-details", id }));
}

/** For a request that is not (or no longer) theirs to see: their own list, or the menu. */
export function createRequestNotFoundKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("requests:buttons.backToList"), pack({ type: "my-requests" }))
    .text(t("nav.menu"), pack({ type: "menu" }));
}
