// Methods that answer users or look things up: callback answers, chats, files.
import { Errors, badRequest } from "../errors.js";
import { optBool, optNum, optStr } from "../params.js";
import type { Handler } from "./common.js";

const answerCallbackQuery: Handler = (core, p) => {
  const id = optStr(p, "callback_query_id") ?? "";
  const query = core.callbackQueries.get(id);
  // Telegram accepts one answer per query; a second one fails like an expired id.
  if (!query || query.answered) throw Errors.queryInvalid();
  query.answered = true;
  const chat = core.chats.get(query.chatId);
  if (chat) {
    const text = optStr(p, "text");
    if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
    chat.callbackAnswers.push({
      callbackQueryId: id,
      ...(text ? { text } : {}),
      ...(optBool(p, "show_alert") !== undefined ? { showAlert: optBool(p, "show_alert")! } : {}),
    });
    chat.notify();
  }
  return true;
};

const getChat: Handler = (core, p) => {
  // Works for blocked chats too: the bot can still look the user up.
  const { chat } = core.chats.forBot(optNum(p, "chat_id"), { allowBlocked: true });
  return { ...chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: { unlimited_gifts: true, limited_gifts: true, unique_gifts: true, premium_subscription: true } };
};

const getFile: Handler = (core, p) => {
  const file = core.files.get(optStr(p, "file_id") ?? "");
  if (!file) throw badRequest("invalid file_id");
  return { file_id: file.fileId, file_unique_id: file.fileUniqueId, file_size: file.size, file_path: file.filePath };
};

export const queryMethods: Record<string, Handler> = { answerCallbackQuery, getChat, getFile };
