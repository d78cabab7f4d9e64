import { InlineKeyboard } from "grammy";
import type { MediatorStatus } from "../../domain/mediator.js";
import { decisionsFor, type MediatorDecision } from "../../domain/mediator-decisions.js";
import { packOperator, type ListedStatus, type OperatorAction } from "../callback-data/operator.js";
import type { Translate } from "../i18n.js";
import { packPoster } from "../callback-data/poster.js";

const DECISION_BUTTON: Record<MediatorDecision, string> = {
  approve: "operator:buttons.approve",
  reject: "operator:buttons.reject",
  suspend: "operator:buttons.suspend",
  reactivate: "operator:buttons.reactivate",
};

const button = (t: Translate, key: string, action: OperatorAction) => InlineKeyboard.text(t(key), packOperator(action));
const consoleButton = (t: Translate) => button(t, "operator:buttons.console", { type: "op-menu" });

/** The four screens of the console. */
export function createOperatorMenuKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard()
    .add(button(t, "operator:buttons.applications", { type: "op-queue" }), button(t, "operator:buttons.mediators", { type: "op-mediators", status: "active" })).row()
    .add(button(t, "operator:buttons.operators", { type: "op-team" }), button(t, "operator:buttons.audit", { type: "op-audit" })).row()
    // Issue #9: rayon posters, and filing a request for a person without a smartphone.
    .text(t("posters:button"), packPoster({ type: "oblasts", page: 0 })).text(t("assisted:entryButton"), packPoster({ type: "assist" }));
}

/** One button per listed mediator (labels built by the caller), then the way back. */
export function createApplicationsKeyboard(t: Translate, items: ReadonlyArray<{ id: number; label: string }>): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const { id, label } of items) keyboard.text(label, packOperator({ type: "op-card", id })).row();
  return keyboard.add(button(t, "operator:buttons.refresh", { type: "op-queue" }), consoleButton(t));
}

/** Active / suspended switch, one button per mediator, then the console. */
export function createMediatorListKeyboard(t: Translate, status: ListedStatus, items: ReadonlyArray<{ id: number; label: string }>): InlineKeyboard {
  const other: ListedStatus = status === "active" ? "suspended" : "active";
  const keyboard = new InlineKeyboard();
  for (const { id, label } of items) keyboard.text(label, packOperator({ type: "op-card", id })).row();
  return keyboard.add(button(t, other === "active" ? "operator:buttons.showActive" : "operator:buttons.showSuspended", { type: "op-mediators", status: other }), consoleButton(t));
}

/** Where "back" leads from a mediator: applications for those waiting or rejected, else their list. */
export function backFromCard(status: MediatorStatus): OperatorAction {
  if (status === "active" || status === "suspended") return { type: "op-mediators", status };
  return { type: "op-queue" };
}

/** The decisions that apply now (approve/reject, suspend, reactivate), then back and console. */
export function createMediatorCardKeyboard(t: Translate, mediator: { id: number; status: MediatorStatus }, reassignable: ReadonlyArray<{ id: number; code: string }> = []): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const decisions = decisionsFor(mediator.status);
  for (const decision of decisions) keyboard.add(button(t, DECISION_BUTTON[decision], { type: "op-decide", decision, id: mediator.id }));
  if (decisions.length > 0) keyboard.row();
  // One "Reassign KL-…" per open case of a mediator who may no longer work it.
  for (const c of reassignable) keyboard.text(t("operator:reassign.button", { code: c.code }), packOperator({ type: "op-reassign", requestId: c.id })).row();
  const back = backFromCard(mediator.status);
  return keyboard.add(button(t, back.type === "op-queue" ? "operator:buttons.backToApplications" : "operator:buttons.backToList", back), consoleButton(t));
}

/** A single way back (to a screen), plus the console. */
export function createBackKeyboard(t: Translate, back: OperatorAction, labelKey: string): InlineKeyboard {
  return new InlineKeyboard().add(button(t, labelKey, back), consoleButton(t));
}

export function createTeamKeyboard(t: Translate, removable: ReadonlyArray<{ telegramId: bigint; label: string }>): InlineKeyboard {
  const keyboard = new InlineKeyboard().add(button(t, "operator:buttons.addOperator", { type: "op-team-add" })).row();
  for (const { telegramId, label } of removable) {
    // Button labels are plain text, not HTML: the name must not be HTML-escaped here.
    keyboard.text(t("operator:buttons.removeOperator", { name: label, interpolation: { escapeValue: false } }), packOperator({ type: "op-team-remove-ask", telegramId })).row();
  }
  return keyboard.add(consoleButton(t));
}

/** Removing is a second, explicit tap; "keep" leads back to the team. */
export function createRemoveConfirmKeyboard(t: Translate, telegramId: bigint): InlineKeyboard {
  return new InlineKeyboard()
    .add(button(t, "operator:buttons.confirmRemove", { type: "op-team-remove", telegramId })).row()
    .add(button(t, "operator:buttons.keep", { type: "op-team" }));
}

export function createAuditKeyboard(t: Translate): InlineKeyboard {
  return new InlineKeyboard().add(button(t, "operator:buttons.refresh", { type: "op-audit" }), consoleButton(t));
}

/** Under a question waiting for typed text: cancel, and for an optional reason "without a reason". */
export function createPromptKeyboard(t: Translate, options: { canSkip: boolean }): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (options.canSkip) keyboard.add(button(t, "operator:buttons.withoutReason", { type: "op-prompt-skip" })).row();
  return keyboard.add(button(t, "operator:buttons.cancel", { type: "op-prompt-cancel" }));
}
