// Inputs and outputs of matching (src/domain/matching.ts). Kept apart so repositories can produce them
// without importing the ranking logic.
import type { Point } from "./geo.js";
import type { Category, SessionLanguage, SessionMode } from "./request.js";
import type { MediatorKind } from "./mediator.js";

export interface MatchRequest {
  rayonCode: string;
  category: Category;
  language: SessionLanguage;
  mode: SessionMode;
  /** Cases already in court go to professional mediators only (court-annexed mediation). */
  inCourt: boolean;
  /** Mediators who already declined this request or let an offer expire. */
  excludedMediatorIds: readonly number[];
}

export interface CandidateMediator {
  id: number;
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
