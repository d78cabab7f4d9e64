// Callback data: at most 64 bytes, and untrusted (a tap may come from an old message, or be forged).
// Every payload is packed and parsed here; anything we do not recognise parses to null.
import type { Locale } from "../../config.js";
import { isLocale } from "../../domain/locale.js";

export const COMING_LATER = ["request", "myRequests"] as const;
export type ComingLater = (typeof COMING_LATER)[number];

export type Action =
  | { type: "menu" }
  | { type: "help" }
  | { type: "about-topics" }
  | { type: "about-page"; page: number }
  | { type: "language-picker" }
  | { type: "set-language"; locale: Locale }
  | { type: "coming-later"; feature: ComingLater };

export function pack(action: Action): string {
  switch (action.type) {
    case "menu": return "m";
    case "help": return "h";
    case "about-topics": return "a";
    case "about-page": return `a:${action.page}`;
    case "language-picker": return "l";
    case "set-language": return `l:${action.locale}`;
    case "coming-later": return `s:${action.feature}`;
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
    case "s":
      return (COMING_LATER as readonly string[]).includes(arg ?? "") ? { type: "coming-later", feature: arg as ComingLater } : null;
    default:
      return null;
  }
}
