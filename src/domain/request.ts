// A citizen's request for a mediator: the choices intake offers, and what is stored. Pure types.
import type { Locale } from "../config.js";
import type { RequestStatus } from "./request-lifecycle.js";

/** Categories a mediator can take. Order = order of the buttons. */
export const CATEGORIES = ["family", "neighbours", "property", "labour", "consumer", "inheritance", "juvenile", "other"] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Matters that cannot be mediated (Law on Mediation Art. 1; our rule for danger): shown as buttons too,
 * so a person who has one learns where to go instead of being silently turned away.
 */
export const NOT_MEDIABLE = ["violence", "corruption", "incapacity"] as const;
export type NotMediable = (typeof NOT_MEDIABLE)[number];

export const OTHER_PARTIES = ["relative", "neighbour", "employer", "seller", "other"] as const;
export type OtherParty = (typeof OTHER_PARTIES)[number];

/** Whether the other side knows about / agrees to mediation (it is voluntary for both). */
export const AWARENESS = ["agrees", "knows", "unaware"] as const;
export type Awareness = (typeof AWARENESS)[number];

/**
 * What the person can accept (law doc §5: public mediators are free, a professional's fee is agreed by the
 * parties): free_only = public mediators only; either = public mediators first, then professionals.
 */
export const COST_PREFERENCES = ["free_only", "either"] as const;
export type CostPreference = (typeof COST_PREFERENCES)[number];

export const MODES = ["in_person", "phone", "video"] as const;
export type SessionMode = (typeof MODES)[number];

/** Languages a session can be held in. */
export const SESSION_LANGUAGES = ["kk", "ru", "en"] as const satisfies readonly Locale[];
export type SessionLanguage = (typeof SESSION_LANGUAGES)[number];

export const DESCRIPTION_MAX_LENGTH = 1500;
export const NAME_MAX_LENGTH = 80;

/** Everything intake collects; JSON-safe (it lives in conversation state between updates). */
export interface IntakeDraft {
  consentAt: string; // ISO instant
  category: Category;
  description: { kind: "text"; text: string } | { kind: "voice"; fileId: string; duration: number };
  otherParty: OtherParty;
  otherPartyAware: Awareness;
  inCourt: boolean;
  costPreference: CostPreference;
  rayonCode: string;
  mode: SessionMode;
  sessionLanguage: SessionLanguage;
  contactName: string;
  contactPhone: string;
}

export interface RequestSummary {
  id: number;
  code: string;
  status: RequestStatus;
  category: Category;
  rayonCode: string;
  submittedAt: Date;
}

export interface RequestDetails extends RequestSummary {
  description: string | null;
  hasVoice: boolean;
  otherParty: OtherParty;
  otherPartyAware: Awareness;
  inCourt: boolean;
  costPreference: CostPreference;
  mode: SessionMode;
  sessionLanguage: SessionLanguage;
  contactName: string | null;
  contactPhone: string | null;
  closedAt: Date | null;
  /** The mediator who accepted, once one did. */
  mediator: { fullName: string; kind: string } | null;
}

export type CancelResult = { ok: true; request: RequestDetails } | { ok: false; reason: "not-found" | "not-cancellable" };

export interface RequestRepository {
  /** Stores a submitted request with its first status entry; returns its public code. */
  submit(citizenId: number, draft: IntakeDraft, now: Date): Promise<{ id: number; code: string }>;
  listForCitizen(citizenId: number, limit: number): Promise<RequestSummary[]>;
  /** The request if it belongs to this citizen; null otherwise (never reveals someone else's). */
  findForCitizen(id: number, citizenId: number): Promise<RequestDetails | null>;
  cancelByCitizen(id: number, citizenId: number, now: Date): Promise<CancelResult>;
  /** For notifications only (the mediator who accepted, operators): never behind a citizen's tap. */
  findById(id: number): Promise<RequestDetails | null>;
}
