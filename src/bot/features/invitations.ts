// Inviting the other party (issue #9). Registered before startFeature: it takes /start inv_<code> and leaves
// every other /start to the features after it.
//   citizen      "Invite the other party" / "New invitation link" (iv:n) → a forwardable text, Telegram and
//                WhatsApp share buttons and a short SMS text with the code; any older link stops working.
//   other party  opens the link → what mediation is, who invites (first name, category) → Agree / Decline /
//                Ask a question (iv:a|d|q carry the secret code; every tap re-validates it). Questions are
//                capped per link (INVITATION_QUESTIONS_PER_LINK, and per local day); past the cap the
//                button is gone and the person is told kindly.
// Staff recording an answer given by phone or in person: src/bot/features/other-party-staff.ts.
import { Composer } from "grammy";
import { deepLinkUrl, parseStartPayload, type DeepLinkStartRepository } from "../../domain/deep-link.js";
import { buildInvitationTexts, type OtherPartyAnswer, type TextOf } from "../../domain/invitations.js";
import { parseInvitation } from "../callback-data/invitation.js";
import type { BotContext } from "../context.js";
import { OTHER_PARTY_QUESTION_CONVERSATION } from "../conversations/other-party-question/other-party-question.js";
import { formatDate } from "../helpers/format-date.js";
import { announceAnswer, type OtherPartyAnswerDeps } from "../helpers/other-party-answer.js";
import { createInvitationAnswerKeyboard, createSharedInvitationKeyboard } from "../keyboards/invitations.js";
import { createMainMenuKeyboard } from "../keyboards/main-menu.js";

export interface InvitationsFeatureDeps extends OtherPartyAnswerDeps {
  deepLinkStarts: DeepLinkStartRepository;
  timeZone: string;
}

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };
const ISSUE_REFUSED: Record<string, string> = { "not-found": "invitations:issue.notFound", closed: "invitations:issue.closed", agreed: "invitations:issue.agreed" };

export function createInvitationsFeature(deps: InvitationsFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const text = (ctx: BotContext): TextOf => (key, values) => ctx.t(key, values);

  // ---- the other party: the link, and the answer ----
  feature.command("start", async (ctx, next) => {
    const link = parseStartPayload(ctx.match);
    if (link?.kind !== "invitation") return next();
    const now = deps.now();
    const opened = ctx.user ? await deps.invitations.open(link.code, ctx.user.id, now) : { ok: false as const };
    if (!opened.ok) return ctx.reply(ctx.t("invitations:open.invalid"), { ...HTML, reply_markup: createMainMenuKeyboard(ctx.t) });
    if (opened.preview.ownInvitation) return ctx.reply(ctx.t("invitations:open.own"), { ...HTML, reply_markup: createMainMenuKeyboard(ctx.t) });
    // Counted only for a code that opened, and once per person (statistics, not a flood counter).
    await deps.deepLinkStarts.record({ kind: "invitation", userId: ctx.user!.id, newUser: ctx.isNewUser, at: now });
    const { inviterFirstName, category } = opened.preview;
    await ctx.reply(ctx.t("invitations:open.text", { name: inviterFirstName, category: ctx.t(`requests:labels.category.${category}`), cost: ctx.t(`invitations:cost.${opened.preview.cost}`) }), {
      ...HTML, reply_markup: createInvitationAnswerKeyboard(ctx.t, link.code, opened.preview.canAsk),
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
    await announceAnswer(ctx, deps, result, now);
  }

  // ---- the citizen: issue (or re-issue) the invitation ----
  async function issue(ctx: BotContext, requestId: number) {
    const result = await deps.invitations.issue(requestId, ctx.user!.id, deps.now());
    if (!result.ok) return ctx.answerCallbackQuery({ text: ctx.t(ISSUE_REFUSED[result.reason]!), show_alert: true });
    await ctx.answerCallbackQuery();
    const username = ctx.me.username;
    const link = deepLinkUrl(username, { kind: "invitation", code: result.code });
    const texts = buildInvitationTexts(text(ctx), { link, code: result.code, botUsername: username, inviterName: result.inviterFirstName, category: ctx.t(`requests:labels.category.${result.category}`), cost: result.cost });
    // First the message to forward as it is (plain text: it may end up outside Telegram), then how to share it.
    await ctx.reply(texts.share, { link_preview_options: { is_disabled: true } });
    await ctx.reply(ctx.t("invitations:issued.text", { code: result.requestCode, sms: texts.sms, date: formatDate(result.expiresAt, ctx.locale, deps.timeZone) }), {
      ...HTML, reply_markup: createSharedInvitationKeyboard(ctx.t, requestId, texts),
    });
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
        if (!opened.preview.canAsk) {
          // The link's questions are used up (for today or for good): say so kindly; the other buttons stay.
          await ctx.answerCallbackQuery({ text: ctx.t("invitations:question.limitShort"), show_alert: true });
          return ctx.editMessageReplyMarkup({ reply_markup: createInvitationAnswerKeyboard(ctx.t, action.code, false) }).catch(() => undefined);
        }
        await ctx.answerCallbackQuery();
        await ctx.editMessageReplyMarkup().catch(() => undefined);
        return ctx.conversation.enter(OTHER_PARTY_QUESTION_CONVERSATION, { code: action.code });
      }
      default: return next(); // staff actions: src/bot/features/other-party-staff.ts
    }
  });

  return feature;
}
