import { Composer, InlineKeyboard } from "grammy";
import { parseStartPayload } from "../../domain/deep-link.js";
import { inviteState, type InviteView } from "../../domain/register-import/register.js";
import { packRegister, parseRegister } from "../callback-data/register.js";
import { refreshCommandMenu } from "../commands.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../helpers/escape-html.js";
import { profileLines } from "../helpers/mediator-text.js";
import { REGISTER_JOIN_CONVERSATION } from "../conversations/register-join/register-join.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";
import { notifyOperators, type RegisterFeatureDeps } from "./register-deps.js";

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

/**
 * A registered mediator's personal link (start=m_<code>): the person sees the profile the centre imported,
 * confirms it and shares their own contact (the register's number: an active mediator from then on, linked
 * to this Telegram account; another number: an application operators review) or says something is wrong
 * (operators are told, once per link). A used, revoked, expired or unknown link, or one opened by someone who is a
 * mediator already, is refused in words that reveal nothing about the profile behind it.
 */
export function createRegisterJoinFeature(deps: RegisterFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  /** The invitation behind `code` if this person may still take it; otherwise the refusal to show. */
  async function openable(ctx: BotContext, code: string): Promise<InviteView | "refused" | "already-mediator"> {
    if (!ctx.user) return "refused";
    if (await deps.mediators.findByUserId(ctx.user.id)) return "already-mediator";
    const invite = await deps.register.findInviteByCode(code);
    return invite && inviteState(invite, deps.now()) === "waiting" ? invite : "refused";
  }

  const refusal = (ctx: BotContext, why: "refused" | "already-mediator") =>
    ctx.t(why === "already-mediator" ? "register:join.alreadyMediator" : "register:join.invalid");

  feature.command("start", async (ctx, next) => {
    const link = parseStartPayload(ctx.match);
    if (link?.kind !== "mediator_invite") return next();
    const invite = await openable(ctx, link.code);
    if (typeof invite === "string") return ctx.reply(refusal(ctx, invite), { ...HTML, reply_markup: createMainMenuKeyboard(ctx.t) });
    // Counted only for a link that works, once per person.
    await deps.deepLinkStarts.record({ kind: "mediator_invite", userId: ctx.user!.id, newUser: ctx.isNewUser, at: deps.now() });
    const c = { t: ctx.t, locale: ctx.locale, regions: deps.regions };
    // The profile as the register has it; a bio is the person's own words and comes later (/mediator).
    const bioLabel = `<b>${ctx.t("mediator:profileFields.bio")}:`;
    const lines = profileLines(c, { ...invite, bio: undefined }).filter((line) => !line.startsWith(bioLabel));
    const keyboard = new InlineKeyboard()
      .text(ctx.t("register:buttons.joinConfirm"), packRegister({ type: "join", code: link.code })).row()
      .text(ctx.t("register:buttons.joinWrong"), packRegister({ type: "join-wrong", code: link.code }));
    await ctx.reply([ctx.t("register:join.title"), "", ...lines, "", ctx.t("register:join.question")].join("\n"), { ...HTML, reply_markup: keyboard });
  });

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseRegister(ctx.callbackQuery.data);
    if (action?.type !== "join" && action?.type !== "join-wrong") return next();
    const invite = await openable(ctx, action.code);
    if (typeof invite === "string") {
      await ctx.answerCallbackQuery({ text: refusal(ctx, invite), show_alert: true });
      return ctx.editMessageReplyMarkup().catch(() => undefined);
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    // Joining asks for the person's own contact first (src/bot/conversations/register-join/register-join.ts).
    if (action.type === "join") return ctx.conversation.enter(REGISTER_JOIN_CONVERSATION, { code: action.code });
    // "Something is wrong": operators are told once per link, however often it is tapped (security review Q1).
    const reported = await deps.register.reportInviteProblem(action.code, deps.now());
    if (reported !== "reported") return ctx.reply(ctx.t(reported === "already-reported" ? "register:join.wrongAlreadyTold" : "register:join.invalid"), HTML);
    await ctx.reply(ctx.t("register:join.wrongThanks"), HTML);
    const person = `<a href="tg://user?id=${ctx.from.id}">${escapeHtml(ctx.from.first_name)}</a>`;
    // Already escaped here: the person's link is HTML that must stay HTML.
    const values = { name: escapeHtml(invite.fullName), phone: escapeHtml(invite.phone), person, interpolation: { escapeValue: false } };
    await notifyOperators(ctx.api, deps, (t) => t("register:join.wrongNotice", values));
  });
  return feature;
}
