// Views of chat state for tests: ChatMessage snapshots and a readable
// transcript used in error messages ("what the chat shows").
import type { ChatState, StoredMessage } from "./chats.js";
import { buttonText, inlineButtonTexts, isInline } from "./markup.js";
import type { ChatMessage, FileInfo } from "./types.js";

function fileInfo(m: StoredMessage): FileInfo | undefined {
  if (!m.file) return undefined;
  return {
    size: m.file.size,
    ...(m.file.fileName !== undefined ? { fileName: m.file.fileName } : {}),
    // A copy: tests may mutate what they get without touching the chat.
    ...(m.file.content !== undefined ? { content: Buffer.from(m.file.content) } : {}),
  };
}

export function toChatMessage(m: StoredMessage): ChatMessage {
  const msg = m.message;
  const text = msg.text ?? msg.caption;
  const inline = isInline(msg.reply_markup) ? msg.reply_markup : undefined;
  // Inline keyboards live on the message (edits change them); other markup is
  // what was sent with it.
  const replyMarkup = inline ?? (isInline(m.markup) ? undefined : m.markup);
  const file = fileInfo(m);
  return {
    messageId: msg.message_id,
    fromBot: m.fromBot,
    kind: m.kind,
    inlineButtons: inlineButtonTexts(inline),
    edited: m.edited,
    date: msg.date,
    ...(text !== undefined ? { text } : {}),
    ...(m.raw !== undefined ? { html: m.raw } : {}),
    ...(m.parseMode !== undefined ? { parseMode: m.parseMode } : {}),
    ...(replyMarkup !== undefined ? { replyMarkup: structuredClone(replyMarkup) } : {}),
    ...(file && m.kind === "document" ? { document: file } : {}),
    ...(file && m.kind === "photo" ? { photo: file } : {}),
    ...(msg.location ? { location: { latitude: msg.location.latitude, longitude: msg.location.longitude } } : {}),
    ...(msg.contact
      ? {
          contact: {
            phoneNumber: msg.contact.phone_number,
            firstName: msg.contact.first_name,
            ...(msg.contact.user_id !== undefined ? { userId: msg.contact.user_id } : {}),
          },
        }
      : {}),
  };
}

function describeMessage(m: StoredMessage): string {
  const who = m.fromBot ? "bot " : "user";
  const body = m.message.text ?? m.message.caption ?? "";
  const buttons = isInline(m.message.reply_markup)
    ? "  " + m.message.reply_markup.inline_keyboard.map((row) => row.map((b) => `[${b.text}]`).join(" ")).join(" / ")
    : "";
  const kind = m.kind === "text" ? "" : `<${m.kind}>`;
  const shown = body === "" ? "" : JSON.stringify(body.length > 200 ? body.slice(0, 200) + "…" : body);
  const edited = m.edited ? " (edited)" : "";
  return `  #${m.message.message_id} ${who}: ${[kind, shown].filter(Boolean).join(" ")}${edited}${buttons}`;
}

/** The last messages of a chat, the reply keyboard and recent bot errors, for assertion messages. */
export function describeChat(chat: ChatState, last = 8): string {
  const visible = chat.visible();
  const lines = [`Chat with ${chat.user.first_name} (id ${chat.id}), last action: ${chat.lastAction}`];
  if (visible.length === 0) lines.push("  (no messages)");
  if (visible.length > last) lines.push(`  … ${visible.length - last} earlier message(s)`);
  lines.push(...visible.slice(-last).map(describeMessage));
  if (chat.replyKeyboard) {
    lines.push(`  reply keyboard: ${chat.replyKeyboard.keyboard.map((row) => row.map((b) => `[${buttonText(b)}]`).join(" ")).join(" / ")}`);
  }
  if (chat.errorsSinceMark.length > 0) {
    lines.push("  bot API calls that failed since then:", ...chat.errorsSinceMark.map((e) => `    ${e}`));
  }
  return lines.join("\n");
}
