import { Composer, InlineKeyboard } from "grammy";
import { generateLinkCode } from "../../domain/deep-link.js";
import {
  INVITE_CODE_LENGTH, INVITE_STATUSES, inviteExpiry, inviteState, reissueRegisterInvite, revokeRegisterInvite, type InviteStatus, type InviteView,
} from "../../domain/register-import/register.js";
import { packRegister, parseRegister, type RegisterAction } from "../callback-data/register.js";
import type { BotContext } from "../context.js";
import { isOperator } from "../filters/is-operator.js";
import { showScreen } from "../helpers/show-screen.js";
import { csvFile, textContext, type RegisterFeatureDeps } from "./register-deps.js";
import { inviteCardText, registerCsv } from "./register-texts.js";

/** Invitations listed per screen (newest imports are found by name; the export has everyone). */
const LISTED = 40;
const LIST_BUTTON = { waiting: "register:buttons.waiting", joined: "register:buttons.joined", revoked: "register:buttons.revoked" } as const;
const LIST_TITLE = { waiting: "register:list.waiting", joined: "register:list.joined", revoked: "register:list.revoked" } as const;

/**
 * /register for operators: the register as a CSV file, how many imported profiles wait for their person,
 * have joined or were revoked, and a card per invitation to send a new link or revoke it. Every button is
 * re-authorised on tap; resend and revoke are conditional, so an old card changes nothing it should not.
 */
export function createRegisterInvitesFeature(deps: RegisterFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const allowed = isOperator(deps.operators);

  const overview = async (ctx: BotContext) => {
    const counts = await deps.register.countInvites();
    const keyboard = new InlineKeyboard().text(ctx.t("register:buttons.export"), packRegister({ type: "export" })).row();
    for (const status of INVITE_STATUSES) keyboard.text(ctx.t(LIST_BUTTON[status], { n: counts[status] }), packRegister({ type: "invites", status }));
    await showScreen(ctx, `${ctx.t("register:overview.title")}\n\n${ctx.t("register:overview.counts", counts)}\n\n${ctx.t("register:overview.howToImport")}`, keyboard);
  };

  const sendExport = async (ctx: BotContext) => {
    const now = deps.now();
    const rows = await deps.register.exportRegister(now);
    await ctx.replyWithDocument(csvFile(registerCsv(textContext(ctx, deps), rows), "register.csv"));
    await deps.audit.record({ actorId: ctx.user?.id ?? null, action: "register.export", targetType: "register", targetId: "mediators", details: { rows: rows.length } }, now);
  };

  const list = async (ctx: BotContext, status: InviteStatus) => {
    const invites = await deps.register.listInvites(status, LISTED);
    const now = deps.now();
    const keyboard = new InlineKeyboard();
    for (const invite of invites) {
      const mark = inviteState(invite, now) === "expired" ? "⌛ " : "";
      keyboard.text(`${mark}${invite.fullName} · ${invite.phone}`, packRegister({ type: "invite", id: invite.id })).row();
    }
    keyboard.text(ctx.t("register:buttons.back"), packRegister({ type: "register" }));
    await showScreen(ctx, ctx.t(invites.length ? LIST_TITLE[status] : "register:list.empty", { n: invites.length }), keyboard);
  };

  const card = async (ctx: BotContext, invite: InviteView | null, notice?: string) => {
    if (!invite) return showScreen(ctx, ctx.t("register:card.notFound"), new InlineKeyboard().text(ctx.t("register:buttons.back"), packRegister({ type: "register" })));
    const state = inviteState(invite, deps.now());
    const keyboard = new InlineKeyboard();
    if (state !== "joined") keyboard.text(ctx.t("register:buttons.resend"), packRegister({ type: "invite-resend", id: invite.id }));
    if (state === "waiting" || state === "expired") keyboard.text(ctx.t("register:buttons.revoke"), packRegister({ type: "invite-revoke", id: invite.id }));
    keyboard.row().text(ctx.t("register:buttons.back"), packRegister({ type: "invites", status: invite.status }));
    await showScreen(ctx, inviteCardText(textContext(ctx, deps), invite, deps.now(), ctx.me.username, notice), keyboard);
  };

  feature.command("register").filter(allowed, async (ctx) => {
    await sendExport(ctx);
    await overview(ctx);
  });

  // The operator acting (the domain operation checks them again); reissue and revoke need only their Telegram id.
  const actorOf = (ctx: BotContext) => ({ userId: ctx.user?.id ?? 0, telegramId: BigInt(ctx.from!.id) });

  const handlers: { [T in RegisterAction["type"]]?: (ctx: BotContext, action: Extract<RegisterAction, { type: T }>) => Promise<unknown> } = {
    register: (ctx) => overview(ctx),
    export: (ctx) => sendExport(ctx),
    invites: (ctx, { status }) => list(ctx, status),
    invite: async (ctx, { id }) => card(ctx, await deps.register.findInvite(id)),
    "invite-resend": async (ctx, { id }) => {
      const now = deps.now();
      const invite = await reissueRegisterInvite(deps, actorOf(ctx), id, generateLinkCode(INVITE_CODE_LENGTH), inviteExpiry(now), now);
      if (invite) await deps.audit.record({ actorId: ctx.user?.id ?? null, action: "register.resend", targetType: "mediator_invite", targetId: String(id) }, now);
      return card(ctx, invite ?? (await deps.register.findInvite(id)), ctx.t(invite ? "register:card.resent" : "register:card.unchanged"));
    },
    "invite-revoke": async (ctx, { id }) => {
      const now = deps.now();
      const invite = await revokeRegisterInvite(deps, actorOf(ctx), id, now);
      if (invite) await deps.audit.record({ actorId: ctx.user?.id ?? null, action: "register.revoke", targetType: "mediator_invite", targetId: String(id) }, now);
      return card(ctx, invite ?? (await deps.register.findInvite(id)), ctx.t(invite ? "register:card.revoked" : "register:card.unchanged"));
    },
  };

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseRegister(ctx.callbackQuery.data);
    const handler = action ? (handlers[action.type] as ((ctx: BotContext, action: RegisterAction) => Promise<unknown>) | undefined) : undefined;
    if (!action || !handler) return next();
    if (!(await allowed(ctx))) {
      await ctx.answerCallbackQuery({ text: ctx.t("operator:notAllowed"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await handler(ctx, action);
  });
  return feature;
}
