// "📝 Record the terms" (on the outcome message, and after the terms were left unfinished): starts the terms
// conversation when this mediator may record them now; otherwise says why. A tap on a terms button when no
// terms conversation is open (finished, cancelled, or closed) is answered instead of falling through.
import { Composer } from "grammy";
import type { AgreementRepository } from "../../domain/agreement-terms.js";
import { parseAgreement } from "../callback-data/agreement.js";
import type { BotContext } from "../context.js";
import { AGREEMENT_TERMS_CONVERSATION, refusalText } from "../conversations/agreement-terms/agreement-terms.js";

export function createAgreementTermsFeature(deps: { agreements: AgreementRepository }): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.callbackQuery(/^ag:/, async (ctx) => {
    const action = parseAgreement(ctx.callbackQuery.data);
    if (!action || !ctx.user) return ctx.answerCallbackQuery();
    const allowed = await deps.agreements.termsContext(action.appointmentId, ctx.user.id);
    if (!allowed.ok) {
      await ctx.answerCallbackQuery({ text: refusalText(ctx.t, allowed.reason), show_alert: true });
      if (allowed.reason === "already-saved") await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.conversation.enter(AGREEMENT_TERMS_CONVERSATION, { appointmentId: action.appointmentId });
  });

  feature.callbackQuery(/^at:/, async (ctx) => {
    await ctx.answerCallbackQuery().catch(() => undefined);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("agreement:closed"), { parse_mode: "HTML" });
  });

  return feature;
}
