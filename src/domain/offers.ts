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
}

/** Contacts revealed to both sides once the mediator accepted. */
export interface Acceptance {
  requestId: number;
  requestCode: string;
  citizen: { telegramId: bigint; name: string | null; phone: string | null; locale: string | null };
  mediator: { id: number; telegramId: bigint; fullName: string; kind: MediatorKind; languages: SessionLanguage[]; phone: string; locale: string | null };
  mode: SessionMode;
}

/** repeated: the mediator tapped Accept on an offer they had already accepted (nothing changed). */
export type AcceptResult = { ok: true; acceptance: Acceptance; repeated?: boolean } | { ok: false; reason: "not-found" | "taken" | "expired" | "answered" };
export type DeclineResult = { ok: true; requestId: number } | { ok: false; reason: "not-found" | "answered" };

export interface ExpiredOffer {
  offerId: number;
  requestId: number;
  mediatorTelegramId: bigint;
  mediatorLocale: string | null;
  messageId: number | null;
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
  setMessageId(offerId: number, messageId: number): Promise<void>;
  accept(offerId: number, mediatorUserId: number, now: Date): Promise<AcceptResult>;
  /** The acceptance again, when this mediator accepted this offer and the request is still their open case; else null. */
  acceptedBy(offerId: number, mediatorUserId: number): Promise<Acceptance | null>;
  decline(offerId: number, mediatorUserId: number, reason: DeclineReason | null, now: Date): Promise<DeclineResult>;
  /** Claims every pending offer past its deadline (each exactly once, even with concurrent callers). */
  expireDue(now: Date): Promise<ExpiredOffer[]>;
  /** Marks the request unmatched if it is still waiting; false when it moved on meanwhile. */
  markUnmatched(requestId: number, now: Date): Promise<boolean>;
  /**
   * free_only → either, only for the request's own citizen and only while it is unmatched; not-found also
   * for someone else's request (never says whose), already when it is "either" already.
   */
  widenCost(requestId: number, citizenId: number): Promise<{ ok: true; code: string } | { ok: false; reason: WidenRefusal }>;
  citizenOf(requestId: number): Promise<{ telegramId: bigint; locale: string | null; code: string; rayonCode: string } | null>;
}
