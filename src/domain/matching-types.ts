// Inputs and outputs of matching (src/domain/matching.ts). Kept apart so repositories can produce them
// without importing the ranking logic.
import type { Point } from "./geo.js";
import type { Category, CostPreference, SessionLanguage, SessionMode } from "./request.js";
import type { MediatorKind } from "./mediator.js";

export interface MatchRequest {
  rayonCode: string;
  category: Category;
  language: SessionLanguage;
  mode: SessionMode;
  /** free_only: public mediators only; either: public mediators first, then professionals. */
  costPreference: CostPreference;
  /** Mediators who already declined this request or let an offer expire. */
  excludedMediatorIds: readonly number[];
  /** Users who must not mediate it: the request's citizen and whoever filed it for them. */
  excludedUserIds: readonly number[];
}

export interface CandidateMediator {
  id: number;
  /** The mediator's own user row: a mediator never mediates their own request. */
  userId: number;
  kind: MediatorKind;
  active: boolean;
  paused: boolean;
  languages: readonly SessionLanguage[];
  specializations: readonly Category[];
  modes: readonly SessionMode[];
  rayonCodes: readonly string[];
  openCases: number;
  maxOpenCases: number;
  /** Median minutes from offer to answer over past offers; null when there is no history. */
  responseMinutes: number | null;
}

/** What the candidate query may leave out already (rankCandidates checks both again). */
export interface CandidateFilter {
  /** Only public mediators (the request is free_only). */
  publicOnly: boolean;
  /** Mediators whose user is one of these are left out. */
  excludedUserIds: readonly number[];
}

export interface MatchingOptions {
  /** Radius for in-person sessions, km between rayon centres (default 150). */
  radiusKm: number;
  /** Radius when the citizen prefers phone or video and the mediator offers it (wider). */
  remoteRadiusKm: number;
  /** Centre of a rayon, or undefined for an unknown code. */
  rayonCentre(code: string): Point | undefined;
}

export interface RankedCandidate {
  mediatorId: number;
  /** 0 when the mediator serves the request's rayon. */
  distanceKm: number;
  servesRayon: boolean;
}
