// Assisted intake: an active mediator or an operator files a request for a person without a smartphone
// (a villager at the akimat). Pure rules; the database side is AssistedRequestRepository.
//
// Who owns an assisted request until it is claimed: its citizenId is the FILER's user id (so the filer
// gets the citizen-side messages — "a mediator accepted", session times — and can pass them on), and
// assistedById is the filer too. The person's own name and phone are the request's contact, so the
// mediator who accepts calls the person, not the filer. When the person later starts the bot and enters
// the claim code (claim_<code> link, or /claim and the code typed), citizenId moves to them, claimedAt is
// set and the code is cleared (it works once). assistedById stays: the audit keeps who filed it.
import { randomBytes } from "node:crypto";
import type { IntakeDraft } from "./request.js";

/** Who may file for someone else, as recorded in the status history (actorRole). */
export type FilerRole = "mediator" | "operator";

// Upper case and digits without look-alikes (0/O, 1/I/L): the code is read out loud or copied from paper.
const CLAIM_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/** 10 characters of 31 ≈ 2^49.5: far beyond guessing through a rate-limited chat. */
export const CLAIM_CODE_LENGTH = 10;

/** A random claim code (crypto randomness, rejection sampling so every letter is equally likely). */
export function generateClaimCode(random: (n: number) => Buffer = randomBytes): string {
  const limit = 256 - (256 % CLAIM_ALPHABET.length);
  let code = "";
  while (code.length < CLAIM_CODE_LENGTH) {
    for (const byte of random(CLAIM_CODE_LENGTH * 2)) {
      if (byte < limit && code.length < CLAIM_CODE_LENGTH) code += CLAIM_ALPHABET[byte % CLAIM_ALPHABET.length];
    }
  }
  return code;
}

/** "ABCDE-FGHJK": two halves, easier to read out and to copy. */
export function formatClaimCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/**
 * A code as a person types it (lower case, spaces, dashes, "claim_" from a copied link) → the stored
 * form, or null when it cannot be a claim code at all.
 */
export function normalizeClaimCode(typed: string): string | null {
  const value = typed.trim().replace(/^\/?claim[_\s]*/i, "").replace(/[\s-]+/g, "").toUpperCase();
  return new RegExp(`^[${CLAIM_ALPHABET}]{${CLAIM_CODE_LENGTH}}$`).test(value) ? value : null;
}

export type ClaimResult =
  /** `filer`: who filed it, to be told that the person took it over (null when unknown). */
  | { ok: true; request: { id: number; code: string }; filer: { telegramId: bigint; locale: string | null } | null }
  /** No open claim with this code (never existed, already claimed, or the data was erased). */
  | { ok: false; reason: "not-found" }
  /** The filer tried their own code: the request is already in their list. */
  | { ok: false; reason: "own-request" };

export interface AssistedRequestRepository {
  /**
   * Stores a request filed for someone: citizenId = assistedById = filer, oralConsentAt, a fresh claim
   * code, the first status entry with the filer's role, and the audit entry "request.assisted_filed".
   */
  submitAssisted(filing: { filerId: number; role: FilerRole; draft: IntakeDraft; now: Date }): Promise<{ id: number; code: string; claimCode: string }>;
  /** Moves the request with this claim code to `userId` (once); audited as "request.claimed". */
  claim(claimCode: string, userId: number, now: Date): Promise<ClaimResult>;
}
