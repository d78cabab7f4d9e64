// Callback data: at most 64 bytes, and untrusted (a tap may come from an old message, or be forged).
// Every payload is packed and parsed here; anything we do not recognise parses to null.
import type { Locale } from "../../config.js";
import { isLocale } from "../../domain/locale.js";

export type Action =
  | { type: "menu" }
  | { type: "help" }
  | { type: "about-topics" }
  | { type: "about-page"; page: number }
  | { type: "language-picker" }
  | { type: "set-language"; locale: Locale }
  | { type: "request-mediator" }
  | { type: "my-requests" }
  | { type: "request-details"; id: number }
  | { type: "request-cancel-ask"; id: number }
  | { type: "request-cancel-confirm"; id: number }
  | { type: "erase-ask" }
  | { type: "erase-confirm" }
  | { type: "erase-keep" };

/** Database ids in callback data: positive integers of at most 9 digits (anything else is forged or broken). */
function parseId(arg: string | undefined): number | null {
  return arg !== undefined && /^[1-9]\d{0,8}$/.test(arg) ? Number(arg) : null;
}

function withId<T extends "request-details" | "request-cancel-ask" | "request-cancel-confirm">(type: T, arg: string | undefined): { type: T; id: number } | null {
  const id = parseId(arg);
  return id === null ? null : { type, id };
}

export function pack(action: Action): string {
  switch (action.type) {
    case "menu": return "m";
    case "help": return "h";
    case "about-topics": return "a";
    case "about-page": return `a:${action.page}`;
    case "language-picker": return "l";
    case "set-language": return `l:${action.locale}`;
    case "request-mediator": return "r";
    case "my-requests": return "q";
    case "request-details": return `q:${action.id}`;
    case "request-cancel-ask": return `qc:${action.id}`;
    case "request-cancel-confirm": return `qy:${action.id}`;
    case "erase-ask": return "e";
    case "erase-confirm": return "e:yes";
    case "erase-keep": return "e:no";
  }
}

export function parse(data: string | undefined): Action | null {
  if (data === undefined || data.length > 64) return null;
  const [head, arg, ...rest] = data.split(":");
  if (rest.length > 0) return null;
  switch (head) {
    case "m": return arg === undefined ? { type: "menu" } : null;
    case "h": return arg === undefined ? { type: "help" } : null;
    case "a":
      if (arg === undefined) return { type: "about-topics" };
      return /^\d{1,2}$/.test(arg) ? { type: "about-page", page: Number(arg) } : null;
    case "l":
      if (arg === undefined) return { type: "language-picker" };
      return isLocale(arg) ? { type: "set-language", locale: arg } : null;
    case "r": return arg === undefined ? { type: "request-mediator" } : null;
    case "q": return arg === undefined ? { type: "my-requests" } : withId("request-details", arg);
    case "qc": return withId("request-cancel-ask", arg);
    case "qy": return withId("request-cancel-confirm", arg);
    case "e":
      if (arg === undefined) return { type: "erase-ask" };
      return arg === "yes" ? { type: "erase-confirm" } : arg === "no" ? { type: "erase-keep" } : null;
    default:
      return null;
  }
}
