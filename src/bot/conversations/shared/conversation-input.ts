// What a person did inside a guided conversation (intake, mediator application), read from one update.
// Buttons carry "<prefix>:<what>[:<value>]"; a tap on any message but the current question is "stale"
// (an old keyboard). The reply-keyboard texts for Back and Cancel count as the buttons themselves.
import type { Context } from "grammy";
import type { Translate } from "../../i18n.js";
import { isCurrentQuestion } from "./reject-input.js";

export type ConversationInput =
  | { type: "cancel" }
  /** /mydata or /deletedata: a person's rights over their data never wait for a conversation to finish. */
  | { type: "privacy" }
  | { type: "back" }
  | { type: "tap"; what: string; value: string | undefined }
  | { type: "stale" }
  | { type: "text"; text: string }
  | { type: "command" }
  | { type: "voice"; fileId: string; duration: number }
  | { type: "location"; latitude: number; longitude: number }
  | { type: "contact"; phone: string; own: boolean }
  | { type: "other" };

export interface InputVocabulary {
  /** Callback data prefix of this conversation's buttons ("i" for intake, "ma" for the application). */
  prefix: string;
  /** Catalogue keys of the Back and Cancel labels (also typed from reply keyboards). */
  backKey: string;
  cancelKey: string;
}

export function buttonData(prefix: string, what: string, value?: string | number): string {
  return value === undefined ? `${prefix}:${what}` : `${prefix}:${what}:${value}`;
}

export function readConversationInput(ctx: Context, t: Translate, vocabulary: InputVocabulary, questionMessageId: number | undefined): ConversationInput {
  const query = ctx.callbackQuery;
  if (query) {
    const [head, what, value, ...rest] = (query.data ?? "").split(":");
    if (head !== vocabulary.prefix || !what || rest.length > 0) return { type: "stale" };
    // Cancel works from any message of the conversation; Back and answers only from the current question.
    if (what === "cancel") return { type: "cancel" };
    // The question, or a repeat of it sent after rejected input (not recorded, so its id is not known).
    if (!isCurrentQuestion(query.message?.message_id, questionMessageId)) return { type: "stale" };
    if (what === "back") return { type: "back" };
    return { type: "tap", what, value };
  }
  const message = ctx.message;
  if (!message) return { type: "other" };
  if (message.text !== undefined) {
    const text = message.text.trim();
    if (/^\/cancel(@\w+)?$/i.test(text) || text === t(vocabulary.cancelKey)) return { type: "cancel" };
    if (text === t(vocabulary.backKey)) return { type: "back" };
    if (/^\/(mydata|deletedata)(@\w+)?$/i.test(text)) return { type: "privacy" };
    if (text.startsWith("/")) return { type: "command" };
    return { type: "text", text: message.text };
  }
  if (message.voice) return { type: "voice", fileId: message.voice.file_id, duration: message.voice.duration };
  if (message.location) return { type: "location", latitude: message.location.latitude, longitude: message.location.longitude };
  if (message.contact) return { type: "contact", phone: message.contact.phone_number, own: message.contact.user_id === ctx.from?.id };
  return { type: "other" };
}
