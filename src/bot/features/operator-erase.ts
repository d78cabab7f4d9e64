// An operator erases the personal data of one request (/case KL-XXXXX → 🗑 → Yes): for a person without
// Telegram whose request was filed for them, as the assisted consent text promises ("or contact the centre").
// Buttons are re-authorised on every tap (onOperatorAction), and the erasure checks the operator itself.
import { Composer } from "grammy";
import { DomainError } from "../../domain/domain-error.js";
import type { InvitationRepository } from "../../domain/invitations.js";
import type { OperatorDirectory } from "../../domain/operators.js";
import type { PrivacyRepository } from "../../domain/privacy.js";
import type { BotContext } from "../context.js";
import { onOperatorAction } from "../helpers/on-operator-action.js";
import { actorOf } from "../helpers/operator-actions.js";
import { showScreen } from "../helpers/show-screen.js";
import { createEraseRequestConfirmKeyboard, createEraseRequestDoneKeyboard } from "../keyboards/operator-erase.js";

export interface OperatorEraseDeps {
  operators: OperatorDirectory;
  privacy: PrivacyRepository;
  invitations: Pick<InvitationRepository, "findCase">;
  now: () => Date;
}

export function createOperatorEraseFeature(deps: OperatorEraseDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  onOperatorAction(feature, deps.operators, "op-erase-ask", async (ctx, { requestId }) => {
    const found = await deps.invitations.findCase({ id: requestId });
    if (!found) return ctx.reply(ctx.t("operator:eraseRequest.notFound"), { parse_mode: "HTML" });
    await showScreen(ctx, ctx.t("operator:eraseRequest.confirm", { code: found.code }), createEraseRequestConfirmKeyboard(ctx.t, requestId));
  });

  onOperatorAction(feature, deps.operators, "op-erase", async (ctx, { requestId }) => {
    const actor = actorOf(ctx);
    if (!actor) return;
    try {
      const result = await deps.privacy.eraseRequestByOperator(requestId, { userId: actor.userId, telegramId: actor.telegramId }, deps.now());
      const done = createEraseRequestDoneKeyboard(ctx.t);
      if (!result.ok) return showScreen(ctx, ctx.t("operator:eraseRequest.notFound"), done);
      await showScreen(ctx, ctx.t(result.cancelled ? "operator:eraseRequest.doneCancelled" : "operator:eraseRequest.done", { code: result.code }), done);
    } catch (error) {
      // Removed from the operators between the button check and the erasure: nothing was changed.
      if (error instanceof DomainError && error.code === "NOT_OPERATOR") return ctx.reply(ctx.t("operator:notAllowed"));
      throw error;
    }
  });

  return feature;
}
