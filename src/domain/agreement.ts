// After the session: the agreement recorded as terms (who does what by when), and the follow-up that asks each
// party, the day after a term's due date, whether it was done. Pure types and rules shared by the terms
// conversation, the documents, the follow-up job and the statistics; no grammY, no Prisma.

/** Who carries a term out. */
export const TERM_PARTIES = ["citizen", "other_party", "both"] as const;
export type TermParty = (typeof TERM_PARTIES)[number];

/** Who is asked about a term: each party of the case with a Telegram chat. */
export const CHECK_RECIPIENTS = ["citizen", "other_party"] as const;
export type CheckRecipient = (typeof CHECK_RECIPIENTS)[number];

/** The answers to "Was this done?". */
export const TERM_ANSWERS = ["done", "partly", "not_yet", "not_done"] as const;
export type TermAnswer = (typeof TERM_ANSWERS)[number];

/** Outcomes after which the terms are asked for. */
export const AGREEMENT_OUTCOMES = ["agreement", "partial"] as const;

export const TERM_ACTION_MAX_LENGTH = 500;
export const MAX_TERMS = 10;
/** "Not yet" asks again at most this many times (so a party is asked at most 1 + this many times per term). */
export const MAX_REASKS = 2;
/** Tenge amounts above this are refused as a typo (1 billion ₸). */
export const MAX_AMOUNT_TENGE = 1_000_000_000;

/** A term as the conversation collects it, before it is saved. */
export interface TermDraft {
  party: TermParty;
  /** Typed text; null when the term was spoken. */
  action: string | null;
  voiceFileId: string | null;
  voiceDuration: number | null;
  /** Local date YYYY-MM-DD (TIME_ZONE), or null for "no date". */
  dueDate: string | null;
  amountTenge: number | null;
}

export interface AgreementTermView extends TermDraft {
  id: number;
  position: number;
}

/** A term's standing from the parties' latest answers (not_yet and unanswered do not count yet). */
export type TermFulfilment = "kept" | "partly" | "not_kept" | "open";

/**
 * Combines the parties' latest answers about one term: one "not done" makes it not kept, else one "partly"
 * makes it partly kept, else one "done" makes it kept; nothing but "not yet" (or silence) leaves it open.
 * The cautious reading wins because the rate is what a programme is judged by.
 */
export function termFulfilment(latestAnswers: readonly (TermAnswer | null)[]): TermFulfilment {
  if (latestAnswers.includes("not_done")) return "not_kept";
  if (latestAnswers.includes("partly")) return "partly";
  if (latestAnswers.includes("done")) return "kept";
  return "open";
}
