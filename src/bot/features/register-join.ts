import { Composer, InlineKeyboard } from "grammy";
import { parseStartPayload } from "../../domain/deep-link.js";
import { inviteState, type InviteView } from "../../domain/register-import/register.js";
import { packRegister, parseRegister } from "../callback-data/register.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../helpers/escape-html.js";
import { profileLines } from "../helpers/mediator-text.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";
import { notifyOperators, type RegisterFeatureDeps } from "./register-deps.js";

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };

/**
 * A registered mediator's personal link (start=m_<code>): the person sees the profile the centre imported,
 * confirms it (an active mediator from then on, linked to this Telegram account) or says something is
 * wrong (operators are told). A used, revoked, expired or unknown link, or one opened by someone who is a
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
    await deps.deepLinkStarts.record({ kind: "mediator_invite", newUser: ctx.isNewUser, at: deps.now() });
    const invite = await openable(ctx, link.code);
    if (typeof invite === "string") return ctx.reply(refusal(ctx, invite), { ...HTML, reply_markup: createMainMenuKeyboard(ctx.t) });
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
    const now = deps.now();
    if (action.type === "join-wrong") {
      await ctx.editMessageReplyMarkup().catch(() => undefined);
      await ctx.reply(ctx.t("register:join.wrongThanks"), HTML);
      const person = `<a href="tg://user?id=${ctx.from.id}">${escapeHtml(ctx.from.first_name)}</a>`;
      // Already escaped here: the person's link is HTML that must stay HTML.
      const values = { name: escapeHtml(invite.fullName), phone: escapeHtml(invite.phone), person, interpolation: { escapeValue: false } };
      await notifyOperators(ctx.api, deps, (t) => t("register:join.wrongNotice", values));
      return;
    }
    const joined = await deps.register.joinInvite(action.code, ctx.user!.id, now);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (!joined.ok) return ctx.reply(refusal(ctx, joined.reason === "already-mediator" ? "already-mediator" : "refused"), HTML);
    await deps.audit.record({ actorId: ctx.user!.id, action: "register.join", targetType: "mediator_invite", targetId: String(joined.invite.id), details: { mediatorId: joined.mediatorId } }, now);
    await ctx.reply(ctx.t("register:join.welcome", { name: joined.invite.fullName }), HTML);
  });
  return feature;
}
