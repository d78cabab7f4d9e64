// Callback data of the operator console: every head starts with "op", at most 64 bytes, parsed strictly.
// Parsing says only what a tap asks for; whether the tapping person is an operator, and whether the
// mediator is still in a state the action applies to, is checked again on every tap.
import { MEDIATOR_DECISIONS, type MediatorDecision } from "../../domain/mediator-decisions.js";

export type ListedStatus = "active" | "suspended";

export type OperatorAction =
  | { type: "op-menu" }
  | { type: "op-queue" }
  | { type: "op-mediators"; status: ListedStatus }
  | { type: "op-card"; id: number }
  | { type: "op-decide"; decision: MediatorDecision; id: number }
  | { type: "op-team" }
  | { type: "op-team-add" }
  | { type: "op-team-remove-ask"; telegramId: bigint }
  | { type: "op-team-remove"; telegramId: bigint }
  | { type: "op-audit" }
  /** Take an open case back from its (suspended) mediator and offer it to the next one. */
  | { type: "op-reassign"; requestId: number }
  /** "Erase personal data" under /case: ask first (ope), then erase (opey). */
  | { type: "op-erase-ask"; requestId: number }
  | { type: "op-erase"; requestId: number }
  /** Buttons under a question waiting for typed text (a reason, an id): read by the prompt conversation. */
  | { type: "op-prompt-cancel" }
  | { type: "op-prompt-skip" };

const DECISION_HEAD: Record<MediatorDecision, string> = { approve: "opy", reject: "opn", suspend: "ops", reactivate: "opu" };
const STATUS_ARG: Record<ListedStatus, string> = { active: "a", suspended: "s" };

/** Database ids: positive integers of at most 9 digits. */
function parseId(arg: string | undefined): number | null {
  return arg !== undefined && /^[1-9]\d{0,8}$/.test(arg) ? Number(arg) : null;
}

/** Telegram user ids: positive integers of at most 16 digits (Telegram's ids fit in 52 bits). */
function parseTelegramId(arg: string | undefined): bigint | null {
  return arg !== undefined && /^[1-9]\d{0,15}$/.test(arg) ? BigInt(arg) : null;
}

export function packOperator(action: OperatorAction): string {
  switch (action.type) {
    case "op-menu": return "op";
    case "op-queue": return "opq";
    case "op-mediators": return `opl:${STATUS_ARG[action.status]}`;
    case "op-card": return `opc:${action.id}`;
    case "op-decide": return `${DECISION_HEAD[action.decision]}:${action.id}`;
    case "op-team": return "opt";
    case "op-team-add": return "opt:add";
    case "op-team-remove-ask": return `opx:${action.telegramId}`;
    case "op-team-remove": return `opxy:${action.telegramId}`;
    case "op-audit": return "opa";
    case "op-reassign": return `opr:${action.requestId}`;
    case "op-erase-ask": return `ope:${action.requestId}`;
    case "op-erase": return `opey:${action.requestId}`;
    case "op-prompt-cancel": return "opz";
    case "op-prompt-skip": return "opk";
  }
}

export function parseOperator(data: string | undefined): OperatorAction | null {
  if (data === undefined || data.length > 64 || !data.startsWith("op")) return null;
  const [head, arg, ...rest] = data.split(":");
  if (rest.length > 0) return null;
  const decision = MEDIATOR_DECISIONS.find((d) => DECISION_HEAD[d] === head);
  if (decision) {
    const id = parseId(arg);
    return id === null ? null : { type: "op-decide", decision, id };
  }
  switch (head) {
    case "op": return arg === undefined ? { type: "op-menu" } : null;
    case "opq": return arg === undefined ? { type: "op-queue" } : null;
    case "opl": return arg === "a" ? { type: "op-mediators", status: "active" } : arg === "s" ? { type: "op-mediators", status: "suspended" } : null;
    case "opc": {
      const id = parseId(arg);
      return id === null ? null : { type: "op-card", id };
    }
    case "opt":
      if (arg === undefined) return { type: "op-team" };
      return arg === "add" ? { type: "op-team-add" } : null;
    case "opx":
    case "opxy": {
      const telegramId = parseTelegramId(arg);
      if (telegramId === null) return null;
      return head === "opx" ? { type: "op-team-remove-ask", telegramId } : { type: "op-team-remove", telegramId };
    }
    case "opa": return arg === undefined ? { type: "op-audit" } : null;
    case "opr": {
      const requestId = parseId(arg);
      return requestId === null ? null : { type: "op-reassign", requestId };
    }
    case "ope":
    case "opey": {
      const requestId = parseId(arg);
      if (requestId === null) return null;
      return head === "ope" ? { type: "op-erase-ask", requestId } : { type: "op-erase", requestId };
    }
    case "opz": return arg === undefined ? { type: "op-prompt-cancel" } : null;
    case "opk": return arg === undefined ? { type: "op-prompt-skip" } : null;
    default: return null;
  }
}
