// Offers: a request offered to one mediator at a time, with a deadline (design notes, "Matching").
import type { MatchRequest } from "./matching-types.js";
import type { MediatorKind } from "./mediator.js";
import type { Awareness, Category, CostPreference, OtherParty, SessionLanguage, SessionMode } from "./request.js";

export const OFFER_STATUSES = ["pending", "accepted", "declined", "expired", "withdrawn"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

export const DECLINE_REASONS = ["busy", "expertise", "distance", "other"] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** What a mediator sees before accepting: no name, no phone (anonymised). */
export interface OfferCard {
  offerId: number;
  requestId: number;
  requestCode: string;
  category: Category;
  rayonCode: string;
  language: SessionLanguage;
  mode: SessionMode;
  inCourt: boolean;
  costPreference: CostPreference;
  otherParty: OtherParty;
  otherPartyAware: Awareness;
  description: string | null;
  voiceFileId: string | null;
  expiresAt: Date;
  /** A follow-up case (a term of that case's agreement not carried out): the first case's code. */
  followUpOfCode?: string | null;
}

/** Contacts revealed to both sides once the mediator accepted. */
export interface Acceptance {
  requestId: number;
  requestCode: string;
  citizen: { telegramId: bigint; name: string | null; phone: string | null; locale: string | null };
  mediator: { id: number; telegramId: bigint; fullName: string; kind: MediatorKind; languages: SessionLanguage[]; phone: string; locale: string | null };
  mode: SessionMode;
}

/**
 * repeated: the mediator tapped Accept on an offer they had already accepted (nothing changed).
 * ended: other offers of the request that the acceptance withdrew (their cards are to be shrunk).
 * not-active: the mediator's profile is suspended, erased, not approved, or paused.
 * own-request: the mediator is the request's citizen or filed it for them.
 */
export type AcceptResult =
  | { ok: true; acceptance: Acceptance; repeated?: boolean; ended?: EndedOffer[] }
  | { ok: false; reason: "not-found" | "taken" | "expired" | "answered" | "not-active" | "own-request" };
export type DeclineResult = { ok: true; requestId: number; ended: EndedOffer } | { ok: false; reason: "not-found" | "answered" };

/** An offer that ended: where its card and forwarded voice message are, so they can be shrunk and deleted. */
export interface EndedOffer {
  offerId: number;
  requestId: number;
  requestCode: string;
  mediatorTelegramId: bigint;
  mediatorLocale: string | null;
  messageId: number | null;
  voiceMessageId: number | null;
}
export type ExpiredOffer = EndedOffer;

/** How an offer ended, as its shrunk card says it. */
export type OfferEnding = "declined" | "expired" | "unavailable";

/** A request taken back from its mediator by an operator (src/domain/matchmaker.ts reassign). */
export interface ReleasedCase {
  requestId: number;
  requestCode: string;
  fromMediatorId: number;
}

/** Why "also accept a professional" changed nothing. */
export type WidenRefusal = "not-found" | "not-open" | "already";

export interface OfferRepository {
  /** What matching needs about a request, and who must not get it again; null when it cannot be offered now. */
  matchInput(requestId: number): Promise<MatchRequest | null>;
  /**
   * Offers the request to a mediator, if the request is still waiting (submitted, offered with no pending
   * offer, or unmatched). Returns the card to send, or null when someone else already moved it on.
   */
  create(requestId: number, mediatorId: number, now: Date, expiresAt: Date, actor: { userId: number | null; role: "system" | "operator" }): Promise<OfferCard | null>;
  /** Where the card (and the forwarded voice message, if any) went, so they can be edited or deleted when the offer ends. */
  setMessageId(offerId: number, messageId: number, voiceMessageId: number | null): Promise<void>;
  accept(offerId: number, mediatorUserId: number, now: Date): Promise<AcceptResult>;
  /** The acceptance again, when this mediator accepted this offer and the request is still their open case; else null. */
  acceptedBy(offerId: number, mediatorUserId: number): Promise<Acceptance | null>;
  decline(offerId: number, mediatorUserId: number, reason: DeclineReason | null, now: Date): Promise<DeclineResult>;
  /** Claims every pending offer past its deadline (each exactly once, even with concurrent callers). */
  expireDue(now: Date): Promise<ExpiredOffer[]>;
  /** Marks the request unmatched if it is still waiting; false when it moved on meanwhile. */
  markUnmatched(requestId: number, now: Date): Promise<boolean>;
  /**
   * Requests still "submitted" (never offered, never found unmatched), oldest first: a process that died
   * between saving a request and offering it leaves one behind.
   */
  strandedSubmissions(since: Date, limit: number): Promise<number[]>;
  /**
   * free_only → either, only for the request's own citizen and only while it is unmatched; not-found also
   * for someone else's request (never says whose), already when it is "either" already.
   */
  widenCost(requestId: number, citizenId: number): Promise<{ ok: true; code: string } | { ok: false; reason: WidenRefusal }>;
  /**
   * An operator takes an open case (accepted or scheduled) back from its mediator: mediator unset, request
   * back to "offered" with no pending offer (history: the operator), open appointments and pending
   * reminders cancelled, an audit entry; all in one transaction. Null when it is not an open case any more.
   */
  release(requestId: number, operatorUserId: number, now: Date): Promise<ReleasedCase | null>;
  /**
   * Claims up to `limit` ended offers (declined, expired, withdrawn — however they ended: a decline, the
   * expiry job, another acceptance, a suspension, a citizen's cancel, an erasure) whose card or voice
   * message is still in the mediator's chat: their message ids are cleared in the same write, so each card
   * is shrunk once, even by concurrent callers.
   */
  claimEndedCards(limit: number): Promise<Array<EndedOffer & { ending: OfferEnding }>>;
  citizenOf(requestId: number): Promise<{ telegramId: bigint; locale: string | null; code: string; rayonCode: string } | null>;
}
