// Callback data of invitations ("iv:…"). Untrusted like all callback data:
//   iv:n:<requestId>              the citizen issues a (new) invitation — re-checked: their own, open request
//   iv:a|d|q:<code>               the other party agrees / declines / asks — carries the secret code, re-validated
//   iv:s:<requestId>              staff open "record the answer" for a case — re-checked: its mediator or an operator
//   iv:r:<requestId>:<a|d>:<p|i>  staff record agreed/declined by phone/in person — re-checked the same way
import { STAFF_CHANNELS, RECORDED_ANSWERS, type OtherPartyAnswer, type StaffChannel } from "../../domain/invitations.js";

export type InvitationAction =
  | { type: "issue"; requestId: number }
  | { type: "agree" | "decline" | "ask"; code: string }
  | { type: "staff"; requestId: number }
  | { type: "record"; requestId: number; answer: OtherPartyAnswer; via: StaffChannel };

const ID = /^[1-9]\d{0,8}$/;
const CODE = /^[A-Za-z0-9]{6,40}$/;
const ANSWER_CODES: Record<OtherPartyAnswer, string> = { agreed: "a", declined: "d" };
const VIA_CODES: Record<StaffChannel, string> = { phone: "p", in_person: "i" };
const VERBS = { agree: "a", decline: "d", ask: "q" } as const;

export function packInvitation(action: InvitationAction): string {
  switch (action.type) {
    case "issue": return `iv:n:${action.requestId}`;
    case "agree":
    case "decline":
    case "ask": return `iv:${VERBS[action.type]}:${action.code}`;
    case "staff": return `iv:s:${action.requestId}`;
    case "record": return `iv:r:${action.requestId}:${ANSWER_CODES[action.answer]}:${VIA_CODES[action.via]}`;
  }
}

export function parseInvitation(data: string | undefined): InvitationAction | null {
  if (!data || data.length > 64) return null;
  const [head, verb, arg, a, b, ...rest] = data.split(":");
  if (head !== "iv" || !arg || rest.length > 0) return null;
  const none = a === undefined && b === undefined;
  switch (verb) {
    case "n": return none && ID.test(arg) ? { type: "issue", requestId: Number(arg) } : null;
    case "s": return none && ID.test(arg) ? { type: "staff", requestId: Number(arg) } : null;
    case "a": return none && CODE.test(arg) ? { type: "agree", code: arg } : null;
    case "d": return none && CODE.test(arg) ? { type: "decline", code: arg } : null;
    case "q": return none && CODE.test(arg) ? { type: "ask", code: arg } : null;
    case "r": {
      const answer = RECORDED_ANSWERS.find((x) => ANSWER_CODES[x] === a);
      const via = STAFF_CHANNELS.find((x) => VIA_CODES[x] === b);
      return ID.test(arg) && answer && via ? { type: "record", requestId: Number(arg), answer, via } : null;
    }
    default: return null;
  }
}
