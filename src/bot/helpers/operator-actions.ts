// What the console's decisions do beyond the database: tell the person concerned, in their language.
// Each function returns the screen the operator sees next, so a tap and a typed reason end the same way.
import type { Api } from "grammy";
import { recipientLocale } from "../../domain/locale.js";
import { decideMediator, type MediatorDecision } from "../../domain/mediator-decisions.js";
import { addOperator, removeOperator } from "../../domain/operator-team.js";
import type { BotContext } from "../context.js";
import type { Translate } from "../i18n.js";
import { refreshCommandMenu } from "../commands.js";
import { renderCard, renderTeam, statusNotice, type OperatorConsoleDeps, type Screen, type Viewer } from "./operator-screens.js";

/** The operator acting: their user row id (for the audit log) besides what the screens need. */
export interface Actor extends Viewer {
  userId: number;
}

const DONE: Record<MediatorDecision, string> = {
  approve: "operator:decided.approve",
  reject: "operator:decided.reject",
  suspend: "operator:decided.suspend",
  reactivate: "operator:decided.reactivate",
};

/**
 * Sends a message to a person in their language (their choice, else their Telegram language, else the
 * configured default). False when Telegram refused it (they never started the bot, or blocked it).
 */
export async function notifyPerson(api: Api, deps: OperatorConsoleDeps, telegramId: bigint, build: (t: Translate) => string): Promise<boolean> {
  const user = await deps.users.findByTelegramId(telegramId);
  const locale = recipientLocale(user, deps.defaultLocale);
  try {
    await api.sendMessage(Number(telegramId), build(deps.i18n.t(locale)), { parse_mode: "HTML", link_preview_options: { is_disabled: true } });
    return true;
  } catch (error) {
    deps.logger.warn({ err: (error as Error).message }, "could not notify a person of an operator's decision");
    return false;
  }
}

function decisionMessage(t: Translate, decision: MediatorDecision, reason: string | null): string {
  switch (decision) {
    case "approve": return t("operator:notify.approve");
    case "reject": return t("operator:notify.reject", { reason: reason ?? "" });
    case "suspend": return reason === null ? t("operator:notify.suspendNoReason") : t("operator:notify.suspend", { reason });
    case "reactivate": return t("operator:notify.reactivate");
  }
}

/** Applies a decision (if the mediator is still in a status it applies to), tells the mediator, and shows the card. */
export async function carryOutDecision(api: Api, deps: OperatorConsoleDeps, actor: Actor, mediatorId: number, decision: MediatorDecision, reason: string | null): Promise<Screen> {
  const now = deps.now();
  const result = await decideMediator(deps, { actor, mediatorId, decision, reason }, now);
  if (!result.ok) return renderCard(deps, actor, mediatorId, statusNotice(actor, result.mediator?.status ?? null));
  const mediator = result.mediator;
  // A suspension withdrew the mediator's pending offers: their cards shrink and the requests move on now.
  await deps.matchmaker.offersWithdrawn(result.withdrawnOffers, now);
  const notified = await notifyPerson(api, deps, mediator.telegramId, (t) => decisionMessage(t, decision, mediator.decisionReason));
  // Approved or reactivated: the mediator's commands join their "/" menu; suspended: they leave it.
  await refreshCommandMenu(api, deps, mediator.telegramId);
  const notice = [actor.t(DONE[decision], { name: mediator.fullName }), notified ? null : actor.t("operator:decided.notNotified")].filter(Boolean).join("\n");
  return renderCard(deps, actor, mediatorId, notice);
}

export async function carryOutAddOperator(api: Api, deps: OperatorConsoleDeps, actor: Actor, telegramId: bigint): Promise<Screen> {
  const result = await addOperator(deps, actor, telegramId, deps.now());
  if (result === "already-operator") return renderTeam(deps, actor, actor.t("operator:team.alreadyOperator", { id: String(telegramId) }));
  const notified = await notifyPerson(api, deps, telegramId, (t) => t("operator:notify.addedOperator"));
  if (notified) await refreshCommandMenu(api, deps, telegramId);
  const notice = actor.t(notified ? "operator:team.addedDone" : "operator:team.addedNotNotified", { id: String(telegramId) });
  return renderTeam(deps, actor, notice);
}

export async function carryOutRemoveOperator(api: Api, deps: OperatorConsoleDeps, actor: Actor, telegramId: bigint): Promise<Screen> {
  const result = await removeOperator(deps, actor, telegramId, deps.now());
  if (result === "removed") await refreshCommandMenu(api, deps, telegramId);
  const notices = {
    removed: "operator:team.removed",
    self: "operator:team.cannotRemoveSelf",
    configured: "operator:team.cannotRemoveConfigured",
    "not-operator": "operator:team.notOperator",
  } as const;
  return renderTeam(deps, actor, actor.t(notices[result], { id: String(telegramId) }));
}

/** The operator behind an update (the console is reached only by people, so `from` is there). */
export function viewerOf(ctx: BotContext): Viewer {
  return { t: ctx.t, locale: ctx.locale, telegramId: BigInt(ctx.from!.id) };
}

/** Also their user row, for the audit log; null only if the user could not be loaded. */
export function actorOf(ctx: BotContext): Actor | null {
  return ctx.user ? { ...viewerOf(ctx), userId: ctx.user.id } : null;
}
