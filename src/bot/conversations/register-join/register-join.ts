// Joining through a register link (start=m_<code>), after "Yes, this is me": the person shares their own
// Telegram contact and its number is compared with the register's (security review L5: the link is a bearer
// token that travels by SMS or WhatsApp). Same number → an active mediator; another number → a pending
// application with the account's own number, which operators approve or reject in /applications.
// A conversation so that the waiting survives a restart; a button or a command ends it and is handled as usual.
import type { Conversation } from "@grammyjs/conversations";
import { Keyboard, type Context } from "grammy";
import type { Locale } from "../../../config.js";
import { normalizePhone } from "../../../domain/phone.js";
import type { AuditRepository } from "../../../domain/operators.js";
import type { RegisterRepository } from "../../../domain/register-import/register.js";
import { refreshCommandMenu, type MenuDeps } from "../../commands.js";
import type { BotContext } from "../../context.js";
import { escapeHtml } from "../../helpers/escape-html.js";
import type { I18n, Translate } from "../../i18n.js";
import { createMainMenuKeyboard } from "../../keyboards/main-menu.js";

export const REGISTER_JOIN_CONVERSATION = "register-join";

const HTML = { parse_mode: "HTML" as const };
const WAIT_MS = 60 * 60 * 1000;
const REMOVE_KEYBOARD = { remove_keyboard: true as const };

export interface RegisterJoinDeps extends MenuDeps {
  i18n: I18n;
  register: RegisterRepository;
  audit: AuditRepository;
  now: () => Date;
  /** Tells every operator something, each in their language (register-deps.ts notifyOperators). */
  notifyOperators: (api: Context["api"], build: (t: Translate) => string) => Promise<void>;
}

/** What the join ended with; plain JSON (it is replayed from the conversation's log). */
type Joined = { ok: false; reason: "unavailable" | "already-mediator" } | { ok: true; review: boolean; fullName: string };

const contactKeyboard = (t: Translate) =>
  new Keyboard().requestContact(t("register:join.shareContact")).row().text(t("register:join.cancelButton")).resized().oneTime();

/** The number as stored: +7XXXXXXXXXX, or "+" and the digits for a number outside Kazakhstan and Russia. */
function ownPhone(raw: string): string {
  return normalizePhone(raw) ?? `+${raw.replace(/\D/g, "")}`;
}

export function createRegisterJoinConversation(deps: RegisterJoinDeps) {
  return async function registerJoin(conversation: Conversation<BotContext, Context>, ctx: Context, raw: unknown): Promise<void> {
    const code = typeof (raw as { code?: unknown } | null)?.code === "string" ? (raw as { code: string }).code : null;
    const who = await conversation.external((outer) => ({ locale: outer.locale as Locale, userId: outer.user?.id ?? null, telegramId: outer.from?.id ?? 0, firstName: outer.from?.first_name ?? "" }));
    if (!code || who.userId === null) return;
    const userId = who.userId;
    const t = deps.i18n.t(who.locale);
    await ctx.reply(t("register:join.askContact"), { ...HTML, reply_markup: contactKeyboard(t) });

    const current = await conversation.wait({ maxMilliseconds: WAIT_MS });
    const message = current.message;
    if (current.callbackQuery || message?.text?.startsWith("/")) {
      await current.reply(t("register:join.notJoined"), { ...HTML, reply_markup: REMOVE_KEYBOARD });
      return await conversation.halt({ next: true });
    }
    if (message?.text?.trim() === t("register:join.cancelButton")) {
      await current.reply(t("register:join.notJoined"), { ...HTML, reply_markup: REMOVE_KEYBOARD });
      await current.reply(t("menu.title"), { ...HTML, reply_markup: createMainMenuKeyboard(t) });
      return;
    }
    const contact = message?.contact;
    if (!contact || contact.user_id !== current.from?.id) {
      // Someone else's contact, typed text, a sticker: say what is needed and wait again, without recording
      // this update (the replay log stays small however often it happens).
      await current.reply(t(contact ? "register:join.notOwnContact" : "register:join.contactOnly"), { ...HTML, reply_markup: contactKeyboard(t) });
      return await conversation.skip({ next: false });
    }

    const joined: Joined = await conversation.external(async (outer) => {
      const now = deps.now();
      const phone = ownPhone(contact.phone_number);
      const result = await deps.register.joinInvite(code, userId, phone, now);
      if (!result.ok) return { ok: false, reason: result.reason };
      await deps.audit.record({ actorId: userId, action: result.review ? "register.join_review" : "register.join", targetType: "mediator_invite", targetId: String(result.invite.id), details: { mediatorId: result.mediatorId } }, now);
      // An active mediator's command menu now has /cases, /pause…; a pending one's stays as it was until approved.
      if (!result.review) await refreshCommandMenu(outer.api, deps, BigInt(who.telegramId));
      if (result.review) {
        const person = `<a href="tg://user?id=${who.telegramId}">${escapeHtml(who.firstName)}</a>`;
        // Already escaped here: the person's link is HTML that must stay HTML.
        const values = { name: escapeHtml(result.invite.fullName), registerPhone: escapeHtml(result.invite.phone), ownPhone: escapeHtml(phone), person, interpolation: { escapeValue: false } };
        await deps.notifyOperators(outer.api, (tt) => tt("register:join.reviewNotice", values));
      }
      return { ok: true, review: result.review, fullName: result.invite.fullName };
    });
    if (!joined.ok) {
      const refusal = joined.reason === "already-mediator" ? "register:join.alreadyMediator" : "register:join.invalid";
      await current.reply(t(refusal), { ...HTML, reply_markup: REMOVE_KEYBOARD });
      return;
    }
    await current.reply(t(joined.review ? "register:join.review" : "register:join.welcome", { name: joined.fullName }), { ...HTML, reply_markup: REMOVE_KEYBOARD });
  };
}
