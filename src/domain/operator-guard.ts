// The one check behind every operator-only domain operation (decisions on mediators, manual assignment,
// reassignment, register imports and invites, stopping a broadcast). Handlers check too, but a handler
// can be forgotten; the operation itself cannot be called without an operator.
import { DomainError } from "./domain-error.js";

/** Who acts: their user row (for the audit log and history) and their Telegram id (for the operator list). */
export interface OperatorActor {
  userId: number;
  telegramId: bigint;
}

/** The part of the operator directory (src/domain/operators.ts) the check needs. */
export interface OperatorCheck {
  isOperator(telegramId: bigint): Promise<boolean>;
}

/** Throws DomainError("NOT_OPERATOR") unless the actor is an operator (OPERATOR_IDS or added in the bot). */
export async function requireOperator(operators: OperatorCheck, actor: OperatorActor): Promise<void> {
  if (!(await operators.isOperator(actor.telegramId))) {
    throw new DomainError("NOT_OPERATOR", `Telegram user ${actor.telegramId} is not an operator: add them to OPERATOR_IDS or through /operators first.`);
  }
}
