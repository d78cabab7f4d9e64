// What an operator may decide about a mediator, and the one place where such a decision is applied:
// a conditional status change (two operators deciding at once cannot both win) plus an audit entry.
import type { MediatorProfile, MediatorRepository, MediatorStatus } from "./mediator.js";
import type { EndedOffer } from "./offers.js";
import { requireOperator, type OperatorActor, type OperatorCheck } from "./operator-guard.js";
import type { AuditRepository } from "./operators.js";

export const MEDIATOR_DECISIONS = ["approve", "reject", "suspend", "reactivate"] as const;
export type MediatorDecision = (typeof MEDIATOR_DECISIONS)[number];

/** A typed reason (rejection, suspension) is at most this long, so it fits any message it is quoted in. */
export const REASON_MAX_LENGTH = 300;

interface DecisionRule {
  from: readonly MediatorStatus[];
  to: MediatorStatus;
  /** Rejecting needs a reason the applicant can act on; suspending may have one; the others have none. */
  reason: "required" | "optional" | "none";
}

export const DECISION_RULES: Readonly<Record<MediatorDecision, DecisionRule>> = {
  approve: { from: ["pending"], to: "active", reason: "none" },
  reject: { from: ["pending"], to: "rejected", reason: "required" },
  suspend: { from: ["active"], to: "suspended", reason: "optional" },
  reactivate: { from: ["suspended"], to: "active", reason: "none" },
};

/** The decisions that apply to a mediator in this status, in the order their buttons are shown. */
export function decisionsFor(status: MediatorStatus): MediatorDecision[] {
  return MEDIATOR_DECISIONS.filter((decision) => DECISION_RULES[decision].from.includes(status));
}

/** Audit action names, one per decision ("mediator.approve" …). */
export function auditActionOf(decision: MediatorDecision): string {
  return `mediator.${decision}`;
}

export type ReasonCheck = { ok: true; reason: string } | { ok: false; problem: "empty" | "too-long" };

/** A typed reason, trimmed; empty or longer than REASON_MAX_LENGTH is refused. */
export function checkReason(text: string): ReasonCheck {
  const reason = text.trim();
  if (reason === "") return { ok: false, problem: "empty" };
  if ([...reason].length > REASON_MAX_LENGTH) return { ok: false, problem: "too-long" };
  return { ok: true, reason };
}

export type DecisionResult =
  /** withdrawnOffers: the suspended mediator's pending offers, withdrawn with the change (their requests move on). */
  | { ok: true; mediator: MediatorProfile; withdrawnOffers: EndedOffer[] }
  /** Nothing changed: the mediator does not exist, or is no longer in a status this decision applies to. */
  | { ok: false; problem: "not-found" | "already-decided"; mediator: MediatorProfile | null };

export interface DecisionInput {
  /** The operator deciding: checked against the operator list before anything changes. */
  actor: OperatorActor;
  mediatorId: number;
  decision: MediatorDecision;
  reason: string | null;
}

/**
 * Applies an operator's decision if the mediator is still in a status it applies to (checked by the
 * database in the same statement that changes it), and records it in the audit log. A reason is kept
 * only for decisions that take one; a missing required reason is a programming error. Throws
 * DomainError("NOT_OPERATOR") when the actor is not an operator. Suspending withdraws the mediator's
 * pending offers in the same transaction; the caller hands those requests on (matchmaker.offersWithdrawn).
 */
export async function decideMediator(
  deps: { mediators: MediatorRepository; audit: AuditRepository; operators: OperatorCheck },
  input: DecisionInput,
  now: Date,
): Promise<DecisionResult> {
  await requireOperator(deps.operators, input.actor);
  const rule = DECISION_RULES[input.decision];
  const reason = rule.reason === "none" ? null : input.reason;
  if (rule.reason === "required" && reason === null) throw new Error(`decideMediator: "${input.decision}" needs a reason; ask the operator for one first.`);
  const changed = await deps.mediators.changeStatus(input.mediatorId, rule.from, rule.to, reason, now);
  if (!changed) {
    const current = await deps.mediators.findById(input.mediatorId);
    return { ok: false, problem: current ? "already-decided" : "not-found", mediator: current };
  }
  await deps.audit.record(
    { actorId: input.actor.userId, action: auditActionOf(input.decision), targetType: "mediator", targetId: String(input.mediatorId), ...(reason !== null ? { details: { reason } } : {}) },
    now,
  );
  return { ok: true, mediator: changed.mediator, withdrawnOffers: changed.withdrawnOffers };
}
