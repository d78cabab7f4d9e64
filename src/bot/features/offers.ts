// Mediators answering offers (Accept / Decline with an optional reason) and operators assigning a
// mediator by hand to a request nobody took. Every tap is re-checked: the offer must belong to the
// tapping mediator, the assignment must come from an operator.
import { Composer, InlineKeyboard } from "grammy";
import type { Matchmaker } from "../../domain/matchmaker.js";
import type { MediatorRepository } from "../../domain/mediator.js";
import { DECLINE_REASONS } from "../../domain/offers.js";
import type { AuditRepository, OperatorDirectory } from "../../domain/operators.js";
import type { RequestRepository } from "../../domain/request.js";
import { parseCost, type CostAction } from "../callback-data/cost.js";
import { packOffer, parseOffer, type OfferAction } from "../callback-data/offer.js";
import type { BotContext } from "../context.js";
import { escapeHtml } from "../helpers/escape-html.js";

export interface OffersFeatureDeps {
  matchmaker: Matchmaker;
  mediators: MediatorRepository;
  requests: RequestRepository;
  operators: OperatorDirectory;
  audit: AuditRepository;
  now: () => Date;
  offerTtlHours: number;
}

const SUITABLE_SHOWN = 8;

export function createOffersFeature(deps: OffersFeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseOffer(ctx.callbackQuery.data);
    if (!action) return next();
    if (!ctx.user) return ctx.answerCallbackQuery();
    if (action.type === "assign-list" || action.type === "assign") return handleAssign(ctx, action);
    return handleOffer(ctx, action);
  });

  feature.on("callback_query:data", async (ctx, next) => {
    const action = parseCost(ctx.callbackQuery.data);
    if (!action) return next();
    if (!ctx.user) return ctx.answerCallbackQuery();
    return handleWiden(ctx, action);
  });

  /** "Also accept a professional": the write checks the citizen and the status; a refusal changes nothing. */
  async function handleWiden(ctx: BotContext, action: CostAction) {
    const result = await deps.matchmaker.widen(action.requestId, ctx.user!.id, deps.now());
    if (!result.ok) {
      const key = { "not-found": "notFound", "not-open": "notOpen", already: "already" }[result.reason];
      await ctx.answerCallbackQuery({ text: ctx.t(`offers:widen.refused.${key}`), show_alert: true });
      if (result.reason !== "not-found") await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t(result.offered ? "offers:widen.offered" : "offers:widen.none", { code: result.code }), { parse_mode: "HTML" });
  }

  async function handleOffer(ctx: BotContext, action: Exclude<OfferAction, { type: "assign-list" | "assign" }>) {
    const userId = ctx.user!.id;
    if (action.type === "decline") {
      // Only shows the reasons in the tapper's own chat; the decline itself is checked below.
      const keyboard = new InlineKeyboard();
      for (const reason of DECLINE_REASONS) keyboard.text(ctx.t(`offers:decline.reasons.${reason}`), packOffer({ type: "decline-reason", offerId: action.offerId, reason })).row();
      await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t("offers:decline.question"), { reply_markup: keyboard });
      return;
    }
    const now = deps.now();
    const result = action.type === "accept"
      ? await deps.matchmaker.accept(action.offerId, userId, now)
      : await deps.matchmaker.decline(action.offerId, userId, action.reason, now);
    if (!result.ok) {
      const key = {
        "not-found": "offers:answers.notFound", taken: "offers:answers.taken", expired: "offers:answers.expired", answered: "offers:answers.answered",
        "not-active": "offers:answers.notActive", "own-request": "offers:answers.ownRequest",
      }[result.reason];
      await ctx.answerCallbackQuery({ text: ctx.t(key), show_alert: true });
      if (result.reason !== "not-found") await ctx.editMessageReplyMarkup().catch(() => undefined);
      return;
    }
    // Also for a repeated Accept by the mediator who already accepted: the matchmaker has sent them the
    // acceptance message (contact, "Propose times") again, in case the first was lost in a crash.
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    if (action.type === "decline-reason") await ctx.editMessageText(ctx.t("offers:decline.done")).catch(() => undefined);
  }

  async function handleAssign(ctx: BotContext, action: Extract<OfferAction, { type: "assign-list" | "assign" }>) {
    if (!(await deps.operators.isOperator(BigInt(ctx.from!.id)))) {
      await ctx.answerCallbackQuery({ text: ctx.t("offers:assign.notAllowed"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const request = await deps.requests.findById(action.requestId);
    if (!request) return ctx.reply(ctx.t("offers:assign.failed"));
    if (action.type === "assign-list") {
      const ranked = (await deps.matchmaker.suitableFor(action.requestId)).slice(0, SUITABLE_SHOWN);
      if (ranked.length === 0) return ctx.reply(ctx.t("offers:assign.none"));
      const keyboard = new InlineKeyboard();
      for (const candidate of ranked) {
        const mediator = await deps.mediators.findById(candidate.mediatorId);
        if (!mediator) continue;
        // Kind and cost on every button: the operator sees at once who is free help and who is paid.
        const kind = ctx.t(`offers:assign.kinds.${mediator.kind === "public" ? "public" : "professional"}`);
        keyboard.text(`${mediator.fullName} · ${Math.round(candidate.distanceKm)} km · ${kind}`, packOffer({ type: "assign", requestId: action.requestId, mediatorId: mediator.id })).row();
      }
      return ctx.reply(ctx.t("offers:assign.title", { code: request.code, cost: ctx.t(`requests:labels.cost.${request.costPreference}`) }), { parse_mode: "HTML", reply_markup: keyboard });
    }
    const mediator = await deps.mediators.findById(action.mediatorId);
    const now = deps.now();
    const actor = { userId: ctx.user!.id, telegramId: BigInt(ctx.from!.id) };
    const assigned = mediator?.status === "active" && (await deps.matchmaker.assign(action.requestId, action.mediatorId, actor, now));
    if (!assigned || !mediator) return ctx.reply(ctx.t("offers:assign.failed"));
    await deps.audit.record({ actorId: ctx.user!.id, action: "request.assign", targetType: "request", targetId: String(action.requestId), details: { mediatorId: mediator.id } }, now);
    await ctx.editMessageReplyMarkup().catch(() => undefined);
    await ctx.reply(ctx.t("offers:assign.done", { name: escapeHtml(mediator.fullName), hours: deps.offerTtlHours }), { parse_mode: "HTML" });
  }

  return feature;
}
