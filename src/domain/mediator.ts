// Mediators as the bot knows them: plain data, no Prisma types.
import type { EndedOffer } from "./offers.js";
import type { Category, SessionLanguage, SessionMode } from "./request.js";

/** Professional (paid, registered, certificate) or public (volunteer, free; formerly "non-professional"). */
export const MEDIATOR_KINDS = ["professional", "public"] as const;
export type MediatorKind = (typeof MEDIATOR_KINDS)[number];

export const MEDIATOR_STATUSES = ["pending", "active", "rejected", "suspended"] as const;
export type MediatorStatus = (typeof MEDIATOR_STATUSES)[number];

export const MAX_OPEN_CASES_LIMIT = 50;

/** What a person submits when applying (and when editing their profile). JSON-safe. */
export interface MediatorApplication {
  fullName: string;
  kind: MediatorKind;
  registryNumber: string | null;
  rayonCodes: string[];
  languages: SessionLanguage[];
  specializations: Category[];
  modes: SessionMode[];
  maxOpenCases: number;
  phone: string;
  bio: string;
}

/** A status change that happened, and the pending offers it withdrew. */
export interface MediatorStatusChange {
  mediator: MediatorProfile;
  withdrawnOffers: EndedOffer[];
}

export interface MediatorProfile extends MediatorApplication {
  id: number;
  userId: number;
  telegramId: bigint;
  status: MediatorStatus;
  paused: boolean;
  decisionReason: string | null;
  createdAt: Date;
}

export interface MediatorRepository {
  /**
   * Creates or replaces the person's application; a new or edited profile waits for an operator (pending).
   * Only from the status the edit started from and never for a suspended (or erased) profile: then nothing
   * is written and DomainError("PROFILE_SUSPENDED") is thrown.
   */
  apply(userId: number, application: MediatorApplication, now: Date): Promise<MediatorProfile>;
  findByUserId(userId: number): Promise<MediatorProfile | null>;
  findById(id: number): Promise<MediatorProfile | null>;
  listByStatus(status: MediatorStatus, limit: number): Promise<MediatorProfile[]>;
  /**
   * Conditional on the current status: returns null when the mediator was not in `from`. Leaving "active"
   * withdraws the mediator's pending offers in the same transaction (returned, so the requests move on).
   */
  changeStatus(id: number, from: readonly MediatorStatus[], to: MediatorStatus, reason: string | null, now: Date): Promise<MediatorStatusChange | null>;
  setPaused(id: number, paused: boolean): Promise<void>;
}
