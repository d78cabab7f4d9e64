// Methods that change or remove existing messages.
import type { InlineKeyboardMarkup, Message, MessageEntity } from "grammy/types";
import type { ChatState, StoredMessage } from "../chats.js";
import type { EmulatorCore } from "../core.js";
import { badRequest, Errors } from "../errors.js";
import { formatText } from "../formatting.js";
import { canonical, isInline, readReplyMarkup } from "../markup.js";
import { optJson, optNum, optStr, type Params } from "../params.js";
import { setOptional, type Handler } from "./common.js";

const MEDIA_KINDS = new Set(["photo", "document", "voice"]);

/** The bot message an edit targets, with Telegram's errors for the usual mistakes. */
function target(core: EmulatorCore, p: Params): { chat: ChatState; stored: StoredMessage } {
  if (p.inline_message_id !== undefined) throw badRequest("inline messages are not supported by the emulator");
  const chat = core.chats.forBot(optNum(p, "chat_id"));
  const id = optNum(p, "message_id");
  const stored = id === undefined ? undefined : chat.find(id);
  if (!stored) throw Errors.editNotFound();
  if (!stored.fromBot) throw Errors.cantEdit();
  return { chat, stored };
}

/** Edits may only carry inline keyboards; omitting reply_markup removes the keyboard. */
function inlineMarkup(p: Params): InlineKeyboardMarkup | undefined {
  const markup = readReplyMarkup(p);
  if (markup !== undefined && !isInline(markup)) throw badRequest("inline keyboard expected");
  return markup;
}

const sameMarkup = (msg: Message, markup: InlineKeyboardMarkup | undefined): boolean =>
  canonical(msg.reply_markup ?? null) === canonical(markup ?? null);

const sameEntities = (a: MessageEntity[] | undefined, b: MessageEntity[]): boolean => canonical(a ?? []) === canonical(b);

function commit(core: EmulatorCore, chat: ChatState, stored: StoredMessage, markup: InlineKeyboardMarkup | undefined): Message {
  setOptional(stored.message, "reply_markup", markup);
  stored.message.edit_date = core.unixTime();
  stored.edited = true;
  chat.botChanged(stored.message.message_id);
  return stored.message;
}

/** Parses the new text/caption; `apply` commits it, so a "not modified" edit leaves the message untouched. */
function prepareText(stored: StoredMessage, p: Params, field: "text" | "caption"): { unchanged: boolean; apply(): void } {
  const raw = optStr(p, field) ?? "";
  const parseMode = optStr(p, "parse_mode");
  const entitiesKey = field === "text" ? "entities" : "caption_entities";
  const f = formatText(raw, parseMode, optJson<MessageEntity[]>(p, entitiesKey, () => badRequest(`can't parse ${entitiesKey} JSON object`)));
  if (field === "text" && f.text.length === 0) throw Errors.textEmpty();
  if (field === "text" && f.text.length > 4096) throw Errors.textTooLong();
  if (field === "caption" && f.text.length > 1024) throw Errors.captionTooLong();

  const msg = stored.message;
  return {
    unchanged: (msg[field] ?? "") === f.text && sameEntities(msg[entitiesKey], f.entities),
    apply() {
      setOptional(msg, field, f.text || undefined);
      setOptional(msg, entitiesKey, f.entities.length ? f.entities : undefined);
      setOptional(stored, "raw", raw || undefined);
      setOptional(stored, "parseMode", parseMode || undefined);
    },
  };
}

function editText(field: "text" | "caption"): Handler {
  return (core, p) => {
    const { chat, stored } = target(core, p);
    if (field === "text" && stored.kind !== "text") throw badRequest("there is no text in the message to edit");
    if (field === "caption" && !MEDIA_KINDS.has(stored.kind)) throw badRequest("there is no caption in the message to edit");
    const markup = inlineMarkup(p);
    const edit = prepareText(stored, p, field);
    if (edit.unchanged && sameMarkup(stored.message, markup)) throw Errors.notModified();
    edit.apply();
    return commit(core, chat, stored, markup);
  };
}

const editMessageReplyMarkup: Handler = (core, p) => {
  const { chat, stored } = target(core, p);
  const markup = inlineMarkup(p);
  if (sameMarkup(stored.message, markup)) throw Errors.notModified();
  return commit(core, chat, stored, markup);
};

function remove(chat: ChatState, messageId: number | undefined): void {
  const stored = messageId === undefined ? undefined : chat.find(messageId);
  if (!stored) throw Errors.deleteNotFound();
  stored.deleted = true;
  chat.botChanged(messageId!);
}

const deleteMessage: Handler = (core, p) => {
  remove(core.chats.forBot(optNum(p, "chat_id")), optNum(p, "message_id"));
  return true;
};

const deleteMessages: Handler = (core, p) => {
  const chat = core.chats.forBot(optNum(p, "chat_id"));
  const ids = optJson<number[]>(p, "message_ids", () => badRequest("can't parse message_ids")) ?? [];
  // Telegram skips messages that cannot be deleted instead of failing the batch.
  for (const id of ids) {
    try {
      remove(chat, id);
    } catch {
      /* ignored, like Telegram */
    }
  }
  return true;
};

export const editMethods: Record<string, Handler> = {
  editMessageText: editText("text"),
  editMessageCaption: editText("caption"),
  editMessageReplyMarkup,
  deleteMessage,
  deleteMessages,
};
