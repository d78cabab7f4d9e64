// The operator team: operators add and remove other operators. Those in OPERATOR_IDS (configuration) are
// the bootstrap and cannot be removed from the bot; nobody can remove themselves (so a team never locks
// itself out by mistake). Every change is audited.
import type { AuditRepository, OperatorDirectory, OperatorRepository } from "./operators.js";

export interface OperatorTeamDeps {
  operators: OperatorDirectory;
  operatorRepository: OperatorRepository;
  audit: AuditRepository;
}

/** A Telegram user id as typed: digits only, positive, within what Telegram issues (at most 52 bits). */
export function parseTelegramId(text: string): bigint | null {
  const trimmed = text.trim();
  if (!/^[1-9]\d{0,15}$/.test(trimmed)) return null;
  const id = BigInt(trimmed);
  return id < 2n ** 52n ? id : null;
}

export type AddResult = "added" | "already-operator";
export type RemoveResult = "removed" | "configured" | "self" | "not-operator";

export async function addOperator(deps: OperatorTeamDeps, actor: { userId: number }, telegramId: bigint, now: Date): Promise<AddResult> {
  if (await deps.operators.isOperator(telegramId)) return "already-operator";
  // A concurrent add by another operator makes `add` return false: the person is an operator either way.
  if (!(await deps.operatorRepository.add(telegramId, actor.userId))) return "already-operator";
  await deps.audit.record({ actorId: actor.userId, action: "operator.add", targetType: "operator", targetId: String(telegramId) }, now);
  return "added";
}

/** Whether the acting operator may remove this one at all (buttons are shown only for those). */
export function removable(deps: Pick<OperatorTeamDeps, "operators">, actorTelegramId: bigint, telegramId: bigint): RemoveResult | "ok" {
  if (telegramId === actorTelegramId) return "self";
  if (deps.operators.isConfigured(telegramId)) return "configured";
  return "ok";
}

export async function removeOperator(deps: OperatorTeamDeps, actor: { userId: number; telegramId: bigint }, telegramId: bigint, now: Date): Promise<RemoveResult> {
  const check = removable(deps, actor.telegramId, telegramId);
  if (check !== "ok") return check;
  if (!(await deps.operatorRepository.remove(telegramId))) return "not-operator";
  await deps.audit.record({ actorId: actor.userId, action: "operator.remove", targetType: "operator", targetId: String(telegramId) }, now);
  return "removed";
}

/** Every action the console records, for readable audit lines (other features may record more). */
export const OPERATOR_AUDIT_ACTIONS = ["mediator.approve", "mediator.reject", "mediator.suspend", "mediator.reactivate", "operator.add", "operator.remove"] as const;
