// Deep links into the bot (t.me/<bot>?start=<payload>). Telegram allows only A-Z a-z 0-9 _ - in a start
// payload, at most 64 characters, so each link is a short prefix and a code:
//   inv_<code>  — an invitation of the other party to a case          (issue #9)
//   r_<kato>    — a rayon poster; pre-selects the rayon in the intake  (issue #9)
//   claim_<code>— an assisted person claims the request filed for them (issue #9)
//   m_<code>    — a registered mediator's personal join link           (issue #10)
// Unguessable codes come from generateLinkCode (crypto randomness, 16 characters ≈ 80 bits).
import { randomBytes } from "node:crypto";

export type DeepLink =
  | { kind: "invitation"; code: string }
  | { kind: "poster"; kato: string }
  | { kind: "claim"; code: string }
  | { kind: "mediator_invite"; code: string };

export type DeepLinkKind = DeepLink["kind"];

const PREFIX: Record<DeepLinkKind, string> = { invitation: "inv_", poster: "r_", claim: "claim_", mediator_invite: "m_" };
const CODE = /^[A-Za-z0-9]{6,40}$/;
const KATO = /^[0-9]{2,12}$/;

/** Reads a /start payload; undefined for an empty, unknown or malformed one (then /start behaves as usual). */
export function parseStartPayload(payload: string | undefined): DeepLink | undefined {
  const value = (payload ?? "").trim();
  if (value.length === 0 || value.length > 64) return undefined;
  for (const [kind, prefix] of Object.entries(PREFIX) as [DeepLinkKind, string][]) {
    if (!value.startsWith(prefix)) continue;
    const rest = value.slice(prefix.length);
    if (kind === "poster") return KATO.test(rest) ? { kind, kato: rest } : undefined;
    return CODE.test(rest) ? { kind, code: rest } : undefined;
  }
  return undefined;
}

export function startPayload(link: DeepLink): string {
  return link.kind === "poster" ? `${PREFIX.poster}${link.kato}` : `${PREFIX[link.kind]}${link.code}`;
}

/** https://t.me/<bot>?start=<payload> */
export function deepLinkUrl(botUsername: string, link: DeepLink): string {
  return `https://t.me/${botUsername}?start=${startPayload(link)}`;
}

// No look-alikes (0/O, 1/I/l) so a code read out on the phone or typed from an SMS survives.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz";

/** A random code of `length` characters from a 55-letter alphabet (16 → ~92 bits). */
export function generateLinkCode(length = 16, random: (n: number) => Buffer = randomBytes): string {
  // Rejection sampling keeps every letter equally likely.
  const limit = 256 - (256 % ALPHABET.length);
  let code = "";
  while (code.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < limit && code.length < length) code += ALPHABET[byte % ALPHABET.length];
    }
  }
  return code;
}

/**
 * Statistics of starts through deep links: the link and whether it brought someone new. Callers record only
 * a valid link (a real rayon, a code that opened); the person's id is kept only so that one person counts
 * once per link (kind, ref), and /deletedata nulls it.
 */
export interface DeepLinkStartRepository {
  /** Records the start unless this person already has one for (kind, ref); true when it was recorded. */
  record(start: { kind: DeepLinkKind; ref?: string; userId: number; newUser: boolean; at: Date }): Promise<boolean>;
  /** Starts per (kind, ref) since a moment (all time when undefined). */
  countSince(since: Date | undefined): Promise<{ kind: DeepLinkKind; ref: string; starts: number; newUsers: number }[]>;
}
