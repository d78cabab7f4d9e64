// The other party's answer as staff record it when it came by phone or in person (issue #9), so that cases
// with people who never use Telegram still move on. The case's mediator opens it from /cases (iv:s), an
// operator with /case KL-XXXXX; iv:r records it. Callback data is untrusted: every tap re-checks that the
// person is this case's mediator or an operator. Every recorded answer is audited.
import { Composer } from "grammy";
import type { OtherPartyAnswer, OtherPartyCase } from "../../domain/invitations.js";
import { parseInvitation } from "../callback-data/invitation.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../helpers/escape-html.js";
import { announceAnswer, type OtherPartyAnswerDeps } from "../helpers/other-party-answer.js";
import { showScreen } from "../helpers/show-screen.js";
import { createRecordAnswerKeyboard } from "../keyboards/invitations.js";
import { withEraseRequestButton } from "../keyboards/operator-erase.js";

const HTML = { parse_mode: "HTML" as const, link_preview_options: { is_disabled: true } };
const STAFF_REFUSED: Record<string, string> = {
  "not-found": "invitations:record.notFound", "not-yours": "invitations:record.notAllowed", closed: "invitations:record.closed", answered: "invitations:record.already",
};

export function createOtherPartyStaffFeature(deps: OtherPartyAnswerDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  const mayRecord = async (ctx: BotContext, c: OtherPartyCase) =>
    (ctx.user !== undefined && c.mediatorUserId === ctx.user.id) || (ctx.from !== undefined && (await deps.operators.isOperator(BigInt(ctx.from.id))));

  /** A new message (from /case or the /cases list, which stays), or the same screen edited after recording. */
  async function staffScreen(ctx: BotContext, c: OtherPartyCase, notice?: string) {
    // Operators also get "Erase personal data" (features/operator-erase.ts); the case's mediator does not.
    const operator = ctx.from !== undefined && (await deps.operators.isOperator(BigInt(ctx.from.id)));
    const answers = createRecordAnswerKeyboard(ctx.t, c.requestId);
    const keyboard = operator ? withEraseRequestButton(ctx.t, c.requestId, answers) : answers;
    const via = c.otherPartyAnswerVia && (c.otherPartyStatus === "agreed" || c.otherPartyStatus === "declined") ? ` (${ctx.t(`invitations:via.${c.otherPartyAnswerVia}`)})` : "";
    const body = [
      notice,
      ctx.t("invitations:record.title", { code: c.code }),
      `${ctx.t(`requests:labels.category.${c.category}`)} · ${ctx.t(`requests:labels.otherParty.${c.otherParty}`)}`,
      `<b>${ctx.t("invitations:statusLabel")}:</b> ${ctx.t(`invitations:status.${c.otherPartyStatus}`)}${escapeHtml(via)}`,
      "",
      ctx.t("invitations:record.hint"),
    ].filter((line) => line !== undefined).join("\n");
    if (notice === undefined) return ctx.reply(body, { ...HTML, reply_markup: keyboard });
    return showScreen(ctx, body, keyboard);
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
    await announceAnswer(ctx, deps, result, now);
  }

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseInvitation(ctx.callbackQuery.data);
    if (action?.type !== "staff" && action?.type !== "record") return next();
    if (!ctx.user) return ctx.answerCallbackQuery();
    return staff(ctx, action.requestId, action.type === "record" ? { answer: action.answer, via: action.via } : undefined);
  });

  return feature;
}
