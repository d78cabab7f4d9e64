// Callback data of the follow-up on agreement terms. Untrusted like all callback data:
//   tc:<checkId>:<d|p|y|n>  an answer to "Was this done?" (done / partly / not yet / not done) — re-checked in the
//                           write (term-check-repository answer): the tapper's own question, sent, not answered yet.
//   fu:<requestId>          open a follow-up case of that first case — re-checked in the write
//                           (openFollowUpCase): a party of the case who answered "not done" or "partly".
import type { TermAnswer } from "../../domain/agreement.js";

export type TermCheckAction = { type: "answer"; checkId: number; answer: TermAnswer } | { type: "follow-up"; requestId: number };

const ID = /^[1-9]\d{0,9}$/;
const CODES: Record<TermAnswer, string> = { done: "d", partly: "p", not_yet: "y", not_done: "n" };
const ANSWERS = Object.fromEntries(Object.entries(CODES).map(([answer, code]) => [code, answer])) as Record<string, TermAnswer>;

export function packTermCheck(action: TermCheckAction): string {
  return action.type === "answer" ? `tc:${action.checkId}:${CODES[action.answer]}` : `fu:${action.requestId}`;
}

export function parseTermCheck(data: string | undefined): TermCheckAction | null {
  if (!data || data.length > 64) return null;
  const [head, id, arg, ...rest] = data.split(":");
  if (rest.length > 0 || !id || !ID.test(id) || Number(id) > 2_147_483_647) return null;
  if (head === "tc") {
    const answer = arg === undefined ? undefined : ANSWERS[arg];
    return answer && Object.hasOwn(ANSWERS, arg!) ? { type: "answer", checkId: Number(id), answer } : null;
  }
  if (head === "fu" && arg === undefined) return { type: "follow-up", requestId: Number(id) };
  return null;
}
