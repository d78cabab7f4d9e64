import { InlineKeyboard } from "grammy";
import { packInvitation } from "../callback-data/invitation.js";
import { packOperator } from "../callback-data/operator.js";
import type { Translate } from "../i18n.js";

/** Under an operator's /case screen: "🗑 Erase personal data" below what was there. */
export function withEraseRequestButton(t: Translate, requestId: number, keyboard: InlineKeyboard): InlineKeyboard {
  return InlineKeyboard.from([...keyboard.inline_keyboard, [InlineKeyboard.text(t("operator:eraseRequest.button"), packOperator({ type: "op-erase-ask", requestId }))]]);
}

/** Yes erases; No goes back to the case screen. */
export function createEraseRequestConfirmKeyboard(t: Translate, requestId: number): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("operator:eraseRequest.yes"), packOperator({ type: "op-erase", requestId }))
    .text(t("operator:eraseRequest.no"), packInvitation({ type: "staff", requestId }));
}

/** After the erasure: back to the console. */
export function createEraseRequestDoneKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().text(t("operator:buttons.console"), packOperator({ type: "op-menu" }));
}
