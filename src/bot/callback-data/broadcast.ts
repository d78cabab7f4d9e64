// Callback data of the broadcast composer and of a running broadcast's progress message: every head starts
// with "bc", at most 64 bytes, parsed strictly. Whether the tapping person is an operator is checked on
// every tap (a forged payload from anyone else changes nothing).
import { SUPPORTED_LOCALES, type Locale } from "../../config.js";
import { AUDIENCES, type Audience } from "../../domain/broadcast.js";

export type BroadcastAction =
  | { type: "bc-audience"; audience: Audience }
  | { type: "bc-oblast"; code: string }
  | { type: "bc-language"; locale: Locale }
  | { type: "bc-next" }
  | { type: "bc-send-now" }
  | { type: "bc-send-at" }
  | { type: "bc-cancel" }
  /** Stop a broadcast being sent (the button under its progress message). */
  | { type: "bc-stop"; id: number };

export function packBroadcast(action: BroadcastAction): string {
  switch (action.type) {
    case "bc-audience": return `bca:${action.audience}`;
    case "bc-oblast": return `bco:${action.code}`;
    case "bc-language": return `bcl:${action.locale}`;
    case "bc-next": return "bcn";
    case "bc-send-now": return "bcs";
    case "bc-send-at": return "bct";
    case "bc-cancel": return "bcz";
    case "bc-stop": return `bcx:${action.id}`;
  }
}

export function parseBroadcast(data: string | undefined): BroadcastAction | null {
  if (data === undefined || data.length > 64 || !data.startsWith("bc")) return null;
  const [head, arg, ...rest] = data.split(":");
  if (rest.length > 0) return null;
  switch (head) {
    case "bca": return AUDIENCES.find((a) => a === arg) ? { type: "bc-audience", audience: arg as Audience } : null;
    case "bco": return arg !== undefined && /^[a-z][a-z0-9_-]{0,40}$/.test(arg) ? { type: "bc-oblast", code: arg } : null;
    case "bcl": return SUPPORTED_LOCALES.find((l) => l === arg) ? { type: "bc-language", locale: arg as Locale } : null;
    case "bcn": return arg === undefined ? { type: "bc-next" } : null;
    case "bcs": return arg === undefined ? { type: "bc-send-now" } : null;
    case "bct": return arg === undefined ? { type: "bc-send-at" } : null;
    case "bcz": return arg === undefined ? { type: "bc-cancel" } : null;
    case "bcx": return arg !== undefined && /^[1-9]\d{0,8}$/.test(arg) ? { type: "bc-stop", id: Number(arg) } : null;
    default: return null;
  }
}
