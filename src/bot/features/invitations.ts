// Inviting the other party (issue #9). Registered before startFeature: it takes /start inv_<code> and leaves
// every other /start to the features after it.
//   citizen      "Invite the other party" / "New invitation link" (iv:n) → a forwardable text, Telegram and
//                WhatsApp share buttons and a short SMS text with the code; any older link stops working.
//   other party  opens the link → what mediation is, who invites (first name, category) → Agree / Decline /
//                Ask a question (iv:a|d|q carry the secret code; every tap re-validates it).
//   staff        the case's mediator (from /cases) or an operator (/case KL-XXXXX) records an answer that came
//                by phone or in person (iv:s, iv:r); audited.
import { Composer } from "grammy";
import type { AppointmentRepository } from "../../domain/appointments.js";
import { deepLinkUrl, parseStartPayload, type DeepLinkStartRepository } from "../../domain/deep-link.js";
import { buildInvitationTexts, type AnswerResult, type InvitationRepository, type OtherPartyAnswer, type OtherPartyCase, type TextOf } from "../../domain/invitations.js";
import type { AuditRepository, OperatorDirectory } from "../../domain/operators.js";
import { parseInvitation } from "../callback-data/invitation.js";
import type { BotContext } from "../context.js";
import { OTHER_PARTY_QUESTION_CONVERSATION } from "../conversations/other-party-question/other-party-question.js";
import { escapeHtml } from "../helpers/escape-html.js";
import { formatDate } from "../helpers/format-date.js";
import { showScreen } from "../helpers/show-screen.js";
import { createInvitationAnswerKeyboard, createRecordAnswerKeyboard, createSharedInvitationKeyboard } from "../keyboards/invitations.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";
import type { AppointmentMessages } from "../notifications/appointment-messages.js";
import type { InvitationNotices } from "../notifications/invitation-notices.js";

export interface InvitationsFeatureDeps {
  invitations: InvitationRepository;
  deepLinkStarts: DeepLinkStartRepository;
  operators: OperatorDirectory;
  audit: AuditRepository;
  appointments: AppointmentRepository;
  appointmentMessages: AppointmentMessages;
  notices: InvitationNotices;
  now: () => Date;
  timeZone: string;
}

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };
const ISSUE_REFUSED: Record<string, string> = { "not-found": "invitations:issue.notFound", closed: "invitations:issue.closed", agreed: "invitations:issue.agreed" };
const STAFF_REFUSED: Record<string, string> = {
  "not-found": "invitations:record.notFound", "not-yours": "invitations:record.notAllowed", closed: "invitations:record.closed", answered: "invitations:record.already",
};

export function createInvitationsFeature(deps: InvitationsFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const text = (ctx: BotContext): TextOf => (key, values) => ctx.t(key, values);

  // ---- the other party: the link, and the answer ----
  feature.command("start", async (ctx, next) => {
    const link = parseStartPayload(ctx.match);
    if (link?.kind !== "invitation") return next();
    const now = deps.now();
    await deps.deepLinkStarts.record({ kind: "invitation", newUser: ctx.isNewUser, at: now });
    const opened = ctx.user ? await deps.invitations.open(link.code, ctx.user.id, now) : { ok: false as const };
    if (!opened.ok) return ctx.reply(ctx.t("invitations:open.invalid"), { ...HTML, reply_markup: createMainMenuKeyboard(ctx.t) });
    if (opened.preview.ownInvitation) return ctx.reply(ctx.t("invitations:open.own"), { ...HTML, reply_markup: createMainMenuKeyboard(ctx.t) });
    const { inviterFirstName, category } = opened.preview;
    await ctx.reply(ctx.t("invitations:open.text", { name: inviterFirstName, category: ctx.t(`requests:labels.category.${category}`) }), {
      ...HTML, reply_markup: createInvitationAnswerKeyboard(ctx.t, link.code),
    });
  });

  async function answerByLink(ctx: BotContext, code: string, answer: OtherPartyAnswer) {
    const now = deps.now();
    const result = await deps.invitations.answerByLink(code, ctx.user!.id, answer, now);
    if (!result.ok) {
      await ctx.answerCallbackQuery({ text: ctx.t(result.reason === "own" ? "invitations:open.own" : "invitations:open.invalidShort"), show_alert: true });
      return ctx.editMessageReplyMarkup().catch(() => undefined);
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t(answer === "agreed" ? "invitations:answer.agreed" : "invitations:answer.declined"), { ...HTML, reply_markup: createMainMenuKeyboard(ctx.t) });
    await afterAnswer(ctx, result, now);
  }

  /** Tells the citizen and the mediator; an agreement on a case with a confirmed meeting brings that meeting to the other party. */
  async function afterAnswer(ctx: BotContext, result: Extract<AnswerResult, { ok: true }>, now: Date) {
    await deps.notices.answered(ctx.api, result.notice, ctx.user?.id ?? null);
    if (result.notice.confirmedAppointmentId === null) return;
    const view = await deps.appointments.findById(result.notice.confirmedAppointmentId);
    if (view?.otherParty) await deps.appointmentMessages.confirmed(ctx.api, view, now, "other_party");
  }

  // ---- the citizen: issue (or re-issue) the invitation ----
  async function issue(ctx: BotContext, requestId: number) {
    const result = await deps.invitations.issue(requestId, ctx.user!.id, deps.now());
    if (!result.ok) return ctx.answerCallbackQuery({ text: ctx.t(ISSUE_REFUSED[result.reason]!), show_alert: true });
    await ctx.answerCallbackQuery();
    const username = ctx.me.username;
    const link = deepLinkUrl(username, { kind: "invitation", code: result.code });
    const texts = buildInvitationTexts(text(ctx), { link, code: result.code, botUsername: username, inviterName: result.inviterFirstName, category: ctx.t(`requests:labels.category.${result.category}`) });
    // First the message to forward as it is (plain text: it may end up outside Telegram), then how to share it.
    await ctx.reply(texts.share, { link_preview_options: { is_disabled: true } });
    await ctx.reply(ctx.t("invitations:issued.text", { code: result.requestCode, sms: texts.sms, date: formatDate(result.expiresAt, ctx.locale, deps.timeZone) }), {
      ...HTML, reply_markup: createSharedInvitationKeyboard(ctx.t, requestId, texts),
    });
  }

  // ---- staff: see the other party's status and record an answer given by phone or in person ----
  const mayRecord = async (ctx: BotContext, c: OtherPartyCase) =>
    (ctx.user !== undefined && c.mediatorUserId === ctx.user.id) || (ctx.from !== undefined && (await deps.operators.isOperator(BigInt(ctx.from.id))));

  /** A new message (from /case or the /cases list, which stays), or the same screen edited after recording. */
  async function staffScreen(ctx: BotContext, c: OtherPartyCase, notice?: string) {
    const via = c.otherPartyAnswerVia && (c.otherPartyStatus === "agreed" || c.otherPartyStatus === "declined") ? ` (${ctx.t(`invitations:via.${c.otherPartyAnswerVia}`)})` : "";
    const body = [
      notice,
      ctx.t("invitations:record.title", { code: c.code }),
      `${ctx.t(`requests:labels.category.${c.category}`)} · ${ctx.t(`requests:labels.otherParty.${c.otherParty}`)}`,
      `<b>${ctx.t("invitations:statusLabel")}:</b> ${ctx.t(`invitations:status.${c.otherPartyStatus}`)}${escapeHtml(via)}`,
      "",
      ctx.t("invitations:record.hint"),
    ].filter((line) => line !== undefined).join("\n");
    if (notice === undefined) return ctx.reply(body, { ...HTML, reply_markup: createRecordAnswerKeyboard(ctx.t, c.requestId) });
    return showScreen(ctx, body, createRecordAnswerKeyboard(ctx.t, c.requestId));
  }

  feature.command("case", async (ctx, next) => {
    if (!ctx.from || !(await deps.operators.isOperator(BigInt(ctx.from.id)))) return next();
    const code = ctx.match.trim().toUpperCase();
    const found = code ? await deps.invitations.findCase({ code }) : null;
    if (!found) return ctx.reply(ctx.t("invitations:record.caseNotFound"), HTML);
    return staffScreen(ctx, found);
  });

  async function staff(ctx: BotContext, requestId: number, record?: { answer: OtherPartyAnswer; via: "phone" | "in_person" }) {
    const found = await deps.invitations.findCase({ id: requestId });
    if (!found || !(await mayRecord(ctx, found))) return ctx.answerCallbackQuery({ text: ctx.t("invitations:record.notAllowed"), show_alert: true });
    if (!record) {
      await ctx.answerCallbackQuery();
      return staffScreen(ctx, found);
    }
    const now = deps.now();
    const isOperator = found.mediatorUserId !== ctx.user!.id;
    const result = await deps.invitations.recordByStaff(requestId, { userId: ctx.user!.id, isOperator }, record.answer, record.via, now);
    if (!result.ok) return ctx.answerCallbackQuery({ text: ctx.t(STAFF_REFUSED[result.reason] ?? "invitations:record.notAllowed"), show_alert: true });
    await ctx.answerCallbackQuery();
    await deps.audit.record({
      actorId: ctx.user!.id, action: "other_party.answer", targetType: "request", targetId: String(requestId),
      details: { answer: record.answer, via: record.via, role: isOperator ? "operator" : "mediator" },
    }, now);
    const updated = (await deps.invitations.findCase({ id: requestId }))!;
    await staffScreen(ctx, updated, ctx.t("invitations:record.done"));
    await afterAnswer(ctx, result, now);
  }

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseInvitation(ctx.callbackQuery.data);
    if (!action) return next();
    if (!ctx.user) return ctx.answerCallbackQuery();
    switch (action.type) {
      case "issue": return issue(ctx, action.requestId);
      case "agree": return answerByLink(ctx, action.code, "agreed");
      case "decline": return answerByLink(ctx, action.code, "declined");
      case "ask": {
        // A forged or stale code is refused before asking anything.
        const opened = await deps.invitations.open(action.code, ctx.user.id, deps.now());
        if (!opened.ok || opened.preview.ownInvitation) return ctx.answerCallbackQuery({ text: ctx.t("invitations:open.invalidShort"), show_alert: true });
        await ctx.answerCallbackQuery();
        await ctx.editMessageReplyMarkup().catch(() => undefined);
        return ctx.conversation.enter(OTHER_PARTY_QUESTION_CONVERSATION, { code: action.code });
      }
      case "staff": return staff(ctx, action.requestId);
      case "record": return staff(ctx, action.requestId, { answer: action.answer, via: action.via });
    }
  });

  return feature;
}
