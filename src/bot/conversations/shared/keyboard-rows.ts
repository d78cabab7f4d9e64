import type { InlineKeyboard } from "grammy";

/** Starts a new row unless the last one is still empty (grammY would keep an empty row). */
export function newRow(keyboard: InlineKeyboard): InlineKeyboard {
  return keyboard.inline_keyboard.at(-1)?.length ? keyboard.row() : keyboard;
}
