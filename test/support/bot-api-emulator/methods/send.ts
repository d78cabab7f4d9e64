// Methods that put a new bot message into a chat (plus sendChatAction).
import type { Message, MessageEntity } from "grammy/types";
import type { ChatState, StoredMessage } from "../chats.js";
import type { EmulatorCore } from "../core.js";
import { badRequest, Errors } from "../errors.js";
import { mediaFields, type FileKind } from "../files.js";
import { formatText } from "../formatting.js";
import { readReplyMarkup } from "../markup.js";
import { num, optFile, optNum, optJson, optStr, type Params } from "../params.js";
import type { MessageKind } from "../types.js";
import { applyReplyKeyboard, botMessage, messageMarkup, replyTo, type Handler } from "./common.js";

const TEXT_LIMIT = 4096;
const CAPTION_LIMIT = 1024;

const entitiesParam = (p: Params, key: string): MessageEntity[] | undefined =>
  optJson<MessageEntity[]>(p, key, () => badRequest(`can't parse ${key} JSON object`));

/** Validates markup + reply target, stores the message, updates the reply keyboard. */
function deliver(
  core: EmulatorCore,
  chat: ChatState,
  p: Params,
  kind: MessageKind,
  fields: Partial<Message>,
  extra: Partial<StoredMessage> = {},
): Message {
  const markup = readReplyMarkup(p);
  const reply = replyTo(chat, p);
  const message = botMessage(core, chat, { ...reply, ...fields, ...messageMarkup(markup) });
  applyReplyKeyboard(chat, markup);
  chat.add({
    message,
    fromBot: true,
    kind,
    edited: false,
    deleted: false,
    ...(markup ? { markup } : {}),
    ...extra,
  });
  return message;
}

/** Caption fields for media messages (parse_mode applies to the caption). */
function caption(p: Params): { fields: Partial<Message>; extra: Partial<StoredMessage> } {
  const raw = optStr(p, "caption");
  if (raw === undefined || raw === "") return { fields: {}, extra: {} };
  const parseMode = optStr(p, "parse_mode");
  const f = formatText(raw, parseMode, entitiesParam(p, "caption_entities"));
  if (f.text.length > CAPTION_LIMIT) throw Errors.captionTooLong();
  return {
    fields: { caption: f.text, ...(f.entities.length ? { caption_entities: f.entities } : {}) },
    extra: { raw, ...(parseMode ? { parseMode } : {}) },
  };
}

const sendMessage: Handler = (core, p) => {
  const chat = core.chats.forBot(optNum(p, "chat_id"));
  const raw = optStr(p, "text") ?? "";
  const parseMode = optStr(p, "parse_mode");
  const f = formatText(raw, parseMode, entitiesParam(p, "entities"));
  if (f.text.length === 0) throw Errors.textEmpty();
  if (f.text.length > TEXT_LIMIT) throw Errors.textTooLong();
  // link_preview_options and the like are accepted and ignored.
  return deliver(core, chat, p, "text", { text: f.text, ...(f.entities.length ? { entities: f.entities } : {}) }, {
    raw,
    ...(parseMode ? { parseMode } : {}),
  });
};

function sendFile(kind: FileKind): Handler {
  return (core, p) => {
    const chat = core.chats.forBot(optNum(p, "chat_id"));
    const input = optFile(p, kind);
    if (input === undefined) throw badRequest(`there is no ${kind} in the request`);
    const cap = caption(p);
    const file = core.files.resolve(kind, input);
    const duration = optNum(p, "duration");
    return deliver(core, chat, p, kind, { ...mediaFields(file, duration !== undefined ? { duration } : {}), ...cap.fields }, {
      ...cap.extra,
      file,
    });
  };
}

const sendLocation: Handler = (core, p) => {
  const chat = core.chats.forBot(optNum(p, "chat_id"));
  const latitude = num(p, "latitude");
  const longitude = num(p, "longitude");
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) throw badRequest("wrong latitude or longitude");
  return deliver(core, chat, p, "location", { location: { latitude, longitude } });
};

const sendContact: Handler = (core, p) => {
  const chat = core.chats.forBot(optNum(p, "chat_id"));
  const phone_number = optStr(p, "phone_number");
  const first_name = optStr(p, "first_name");
  if (!phone_number) throw badRequest("phone number is empty");
  if (!first_name) throw badRequest("first name is empty");
  const last_name = optStr(p, "last_name");
  return deliver(core, chat, p, "contact", {
    contact: { phone_number, first_name, ...(last_name ? { last_name } : {}) },
  });
};

const CHAT_ACTIONS = new Set([
  "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
  "upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
]);

const sendChatAction: Handler = (core, p) => {
  core.chats.forBot(optNum(p, "chat_id"));
  if (!CHAT_ACTIONS.has(optStr(p, "action") ?? "")) throw badRequest("wrong parameter action in request");
  return true; // "typing…" is not part of the chat history, so nothing to store
};

export const sendMethods: Record<string, Handler> = {
  sendMessage,
  sendPhoto: sendFile("photo"),
  sendDocument: sendFile("document"),
  sendVoice: sendFile("voice"),
  sendSticker: sendFile("sticker"),
  sendLocation,
  sendContact,
  sendChatAction,
};
