// reply_markup validation (Telegram's error texts) and keyboard helpers shared
// by the method handlers and the emulated user.
import type { InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup } from "grammy/types";
import { badRequest, Errors } from "./errors.js";
import { optJson, type Params } from "./params.js";
import type { AnyReplyMarkup } from "./types.js";

const INLINE_ACTIONS = [
  "callback_data", "url", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
] as const;

export function isInline(m: AnyReplyMarkup | undefined): m is InlineKeyboardMarkup {
  return m !== undefined && "inline_keyboard" in m;
}

export function isReplyKeyboard(m: AnyReplyMarkup | undefined): m is ReplyKeyboardMarkup {
  return m !== undefined && "keyboard" in m;
}

/** Reads and validates `reply_markup`; throws Telegram's 400s for malformed keyboards. */
export function readReplyMarkup(p: Params): AnyReplyMarkup | undefined {
  const markup = optJson<AnyReplyMarkup>(p, "reply_markup", () => badRequest("can't parse reply keyboard markup JSON object"));
  if (markup === undefined) return undefined;
  if (isInline(markup)) {
    validateInline(markup);
    // An empty inline keyboard shows nothing; Telegram treats it like no keyboard.
    if (markup.inline_keyboard.every((row) => row.length === 0)) return undefined;
  }
  else if (isReplyKeyboard(markup)) validateKeyboard(markup);
  else if (!("remove_keyboard" in markup) && !("force_reply" in markup)) {
    throw badRequest("can't parse reply keyboard markup JSON object");
  }
  return markup;
}

function validateInline(markup: InlineKeyboardMarkup): void {
  if (!Array.isArray(markup.inline_keyboard)) throw badRequest("field \"inline_keyboard\" must be an Array");
  for (const row of markup.inline_keyboard) {
    if (!Array.isArray(row)) throw badRequest("field \"inline_keyboard\" must be an Array of Arrays");
    for (const button of row) {
      if (typeof button.text !== "string") throw badRequest("can't parse inline keyboard button: Field \"text\" must be of type String");
      const actions = INLINE_ACTIONS.filter((a) => a in button);
      if (actions.length === 0) throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
      if ("callback_data" in button) {
        const size = Buffer.byteLength(button.callback_data);
        if (size < 1 || size > 64) throw Errors.buttonDataInvalid();
      }
      if ("url" in button && !/^(https?|tg):\/\/\S+$/i.test(button.url)) throw badRequest("BUTTON_URL_INVALID");
    }
  }
}

function validateKeyboard(markup: ReplyKeyboardMarkup): void {
  if (!Array.isArray(markup.keyboard)) throw badRequest("field \"keyboard\" must be an Array");
  for (const row of markup.keyboard) {
    if (!Array.isArray(row)) throw badRequest("field \"keyboard\" must be an Array of Arrays");
    for (const button of row) {
      const text = typeof button === "string" ? button : button?.text;
      if (typeof text !== "string") throw badRequest("can't parse keyboard button: Field \"text\" must be of type String");
    }
  }
}

export const buttonText = (b: KeyboardButton | InlineKeyboardButton): string => (typeof b === "string" ? b : b.text);

export function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === "string" ? text === pattern : new RegExp(pattern.source, pattern.flags.replace("g", "")).test(text);
}

export function inlineButtonTexts(markup: AnyReplyMarkup | undefined): string[][] {
  return isInline(markup) ? markup.inline_keyboard.map((row) => row.map(buttonText)) : [];
}

/** Stable JSON for "is it the same markup" comparisons (key order may differ between clients). */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
