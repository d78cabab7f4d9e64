import type { OperatorDirectory } from "../../domain/operators.js";
import type { BotContext } from "../context.js";

/**
 * True when the person behind the update is an operator (OPERATOR_IDS, or added by another operator).
 * Asked on every update it guards, never cached: a removed operator loses access with their next tap.
 */
export function isOperator(operators: OperatorDirectory) {
  return async (ctx: BotContext): Promise<boolean> => ctx.from !== undefined && (await operators.isOperator(BigInt(ctx.from.id)));
}
