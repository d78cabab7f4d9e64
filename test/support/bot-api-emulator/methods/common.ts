// Shared pieces of the Bot API method handlers.
import type { Message } from "grammy/types";
import type { ChatState } from "../chats.js";
import type { EmulatorCore } from "../core.js";
import { badRequest } from "../errors.js";
import { isInline, isReplyKeyboard } from "../markup.js";
import { optBool, optNum, optJson, type Params } from "../params.js";
import type { AnyReplyMarkup } from "../types.js";

export interface CallContext {
  /** Runs cb if the client disconnects before the answer is sent (aborted long poll). */
  onAbort(cb: () => void): void;
}

/** A Bot API method: returns the `result`, or throws ApiError for `ok: false`. */
export type Handler = (core: EmulatorCore, p: Params, ctx: CallContext) => unknown;

/** A new outgoing message with the fields every bot message has. */
export function botMessage(core: EmulatorCore, chat: ChatState, fields: Partial<Message>): Message {
  return {
    message_id: chat.nextMessageId(),
    from: core.botUser(),
    chat: chat.chat,
    date: core.unixTime(),
    ...fields,
  } as Message;
}

/** Telegram only echoes inline keyboards in Message objects; other markup affects the client UI. */
export function messageMarkup(markup: AnyReplyMarkup | undefined): Partial<Message> {
  return isInline(markup) ? { reply_markup: markup } : {};
}

/** A reply keyboard stays under the input field until a message removes or replaces it. */
export function applyReplyKeyboard(chat: ChatState, markup: AnyReplyMarkup | undefined): void {
  if (isReplyKeyboard(markup)) chat.replyKeyboard = markup;
  else if (markup && "remove_keyboard" in markup) chat.replyKeyboard = undefined;
}

/** reply_parameters / reply_to_message_id → reply_to_message, with Telegram's error if it is gone. */
export function replyTo(chat: ChatState, p: Params): Partial<Message> {
  const params = optJson<{ message_id?: number; allow_sending_without_reply?: boolean }>(p, "reply_parameters", () =>
    badRequest("can't parse reply parameters JSON object"),
  );
  const id = params?.message_id ?? optNum(p, "reply_to_message_id");
  if (id === undefined) return {};
  const target = chat.find(id);
  if (target) {
    const { reply_to_message: _nested, ...shown } = target.message;
    return { reply_to_message: structuredClone(shown) as Message & { reply_to_message: undefined } };
  }
  if (params?.allow_sending_without_reply || optBool(p, "allow_sending_without_reply")) return {};
  throw badRequest("message to be replied not found");
}

/** Sets or deletes an optional property (keeps objects free of `undefined` values). */
export function setOptional<T extends object, K extends keyof T>(obj: T, key: K, value: T[K] | undefined): void {
  if (value === undefined) delete obj[key];
  else obj[key] = value;
}
