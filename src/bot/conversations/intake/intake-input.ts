// What a person did, as the intake sees it. Callback data of intake buttons is "i:<what>[:<value>]";
// a tap on any message other than the current question is "stale" (an old keyboard).
import type { Context } from "grammy";
import type { Translate } from "../../i18n.js";

export type IntakeInput =
  | { type: "cancel" }
  /** /mydata or /deletedata: a person's rights over their data never wait for the intake to finish. */
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

export function intakeData(what: string, value?: string | number): string {
  return value === undefined ? `i:${what}` : `i:${what}:${value}`;
}

export function readInput(ctx: Context, t: Translate, questionMessageId: number | undefined): IntakeInput {
  const query = ctx.callbackQuery;
  if (query) {
    const [head, what, value, ...rest] = (query.data ?? "").split(":");
    if (head !== "i" || !what || rest.length > 0) return { type: "stale" };
    if (what === "cancel") return { type: "cancel" };
    // Back and Cancel work from any intake message; answers only from the current question.
    if (what === "back") return query.message?.message_id === questionMessageId ? { type: "back" } : { type: "stale" };
    if (query.message?.message_id !== questionMessageId) return { type: "stale" };
    return { type: "tap", what, value };
  }
  const message = ctx.message;
  if (!message) return { type: "other" };
  if (message.text !== undefined) {
    const text = message.text.trim();
    if (/^\/cancel(@\w+)?$/i.test(text) || text === t("intake:nav.cancel")) return { type: "cancel" };
    if (text === t("intake:nav.back")) return { type: "back" };
    if (/^\/(mydata|deletedata)(@\w+)?$/i.test(text)) return { type: "privacy" };
    if (text.startsWith("/")) return { type: "command" };
    return { type: "text", text: message.text };
  }
  if (message.voice) return { type: "voice", fileId: message.voice.file_id, duration: message.voice.duration };
  if (message.location) return { type: "location", latitude: message.location.latitude, longitude: message.location.longitude };
  if (message.contact) return { type: "contact", phone: message.contact.phone_number, own: message.contact.user_id === ctx.from?.id };
  return { type: "other" };
}
