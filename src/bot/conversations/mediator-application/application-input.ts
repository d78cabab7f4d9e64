// What a person did, as the mediator application sees it. Callback data of its buttons is "ma:<what>[:<value>]";
// a tap on any message other than the current question is "stale" (an old keyboard).
import type { Context } from "grammy";
import type { Translate } from "../../i18n.js";

export type ApplicationInput =
  | { type: "cancel" }
  /** /mydata or /deletedata: a person's rights over their data never wait for the application to finish. */
  | { type: "privacy" }
  | { type: "back" }
  | { type: "tap"; what: string; value: string | undefined }
  | { type: "stale" }
  | { type: "text"; text: string }
  | { type: "command" }
  | { type: "contact"; phone: string; own: boolean }
  | { type: "other" };

export function applicationData(what: string, value?: string | number): string {
  return value === undefined ? `ma:${what}` : `ma:${what}:${value}`;
}

export function readInput(ctx: Context, t: Translate, questionMessageId: number | undefined): ApplicationInput {
  const query = ctx.callbackQuery;
  if (query) {
    const [head, what, value, ...rest] = (query.data ?? "").split(":");
    if (head !== "ma" || !what || rest.length > 0) return { type: "stale" };
    if (what === "cancel") return { type: "cancel" };
    // Cancel works from any application message; Back and answers only from the current question.
    if (query.message?.message_id !== questionMessageId) return { type: "stale" };
    if (what === "back") return { type: "back" };
    return { type: "tap", what, value };
  }
  const message = ctx.message;
  if (!message) return { type: "other" };
  if (message.text !== undefined) {
    const text = message.text.trim();
    if (/^\/cancel(@\w+)?$/i.test(text) || text === t("mediator:nav.cancel")) return { type: "cancel" };
    if (text === t("mediator:nav.back")) return { type: "back" };
    if (/^\/(mydata|deletedata)(@\w+)?$/i.test(text)) return { type: "privacy" };
    if (text.startsWith("/")) return { type: "command" };
    return { type: "text", text: message.text };
  }
  if (message.contact) return { type: "contact", phone: message.contact.phone_number, own: message.contact.user_id === ctx.from?.id };
  return { type: "other" };
}
