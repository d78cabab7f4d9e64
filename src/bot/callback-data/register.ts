// Callback data of the register import, invitations and joining. Every head starts with "rg", at most
// 64 bytes, parsed strictly. Operator actions carry database ids and are re-authorised on every tap;
// the join buttons carry the link's secret code (never an id), so a forged tap can take no profile
// whose link the person did not have.
import { INVITE_STATUSES, type InviteStatus } from "../../domain/register-import/register.js";

export type RegisterAction =
  | { type: "import-confirm"; importId: number }
  | { type: "import-cancel"; importId: number }
  | { type: "register" }
  | { type: "export" }
  | { type: "invites"; status: InviteStatus }
  | { type: "invite"; id: number }
  | { type: "invite-resend"; id: number }
  | { type: "invite-revoke"; id: number }
  | { type: "join"; code: string }
  | { type: "join-wrong"; code: string };

const STATUS_ARG: Record<InviteStatus, string> = { waiting: "w", joined: "j", revoked: "r" };
const HEAD = {
  "import-confirm": "rgy", "import-cancel": "rgn", "invite": "rgc", "invite-resend": "rgs", "invite-revoke": "rgr", "join": "rgj", "join-wrong": "rgw",
} as const;

const parseId = (arg: string | undefined) => (arg !== undefined && /^[1-9]\d{0,8}$/.test(arg) ? Number(arg) : null);
const parseCode = (arg: string | undefined) => (arg !== undefined && /^[A-Za-z0-9]{6,40}$/.test(arg) ? arg : null);

export function packRegister(action: RegisterAction): string {
  switch (action.type) {
    case "register": return "rg";
    case "export": return "rge";
    case "invites": return `rgl:${STATUS_ARG[action.status]}`;
    case "import-confirm":
    case "import-cancel": return `${HEAD[action.type]}:${action.importId}`;
    case "invite":
    case "invite-resend":
    case "invite-revoke": return `${HEAD[action.type]}:${action.id}`;
    case "join":
    case "join-wrong": return `${HEAD[action.type]}:${action.code}`;
  }
}

export function parseRegister(data: string | undefined): RegisterAction | null {
  if (data === undefined || data.length > 64 || !data.startsWith("rg")) return null;
  const [head, arg, ...rest] = data.split(":");
  if (rest.length > 0) return null;
  if (head === "rg") return arg === undefined ? { type: "register" } : null;
  if (head === "rge") return arg === undefined ? { type: "export" } : null;
  if (head === "rgl") {
    const status = INVITE_STATUSES.find((s) => STATUS_ARG[s] === arg);
    return status ? { type: "invites", status } : null;
  }
  const type = (Object.keys(HEAD) as Array<keyof typeof HEAD>).find((t) => HEAD[t] === head);
  if (type === "join" || type === "join-wrong") {
    const code = parseCode(arg);
    return code === null ? null : { type, code };
  }
  if (type === "import-confirm" || type === "import-cancel") {
    const importId = parseId(arg);
    return importId === null ? null : { type, importId };
  }
  if (type) {
    const id = parseId(arg);
    return id === null ? null : { type, id };
  }
  return null;
}
