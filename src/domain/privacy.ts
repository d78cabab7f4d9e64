// What a person may see and erase of their own data (Law on Personal Data No. 94-V: consent, access, destruction).
// Which columns count as personal is listed in db/repositories/personal-data-columns.ts (checked against the schema).
import { CANCEL_REASONS } from "./appointments.js";
import { DECLINE_REASONS } from "./offers.js";
import type { OperatorActor } from "./operator-guard.js";

/** A meeting as /mydata shows it: the person's own typed text only (a cancel reason typed by the other side is theirs). */
export interface AppointmentExport {
  status: string; mode: string; place: string | null; startsAt: string | null;
  outcome: string | null; rating: number | null; ratingComment: string | null;
  cancelledBy: string | null; cancelReason: string | null;
}

/** One term of an agreement in the person's case, and the person's own answers to "Was this done?" about it. */
export interface AgreementTermExport {
  position: number; party: string; action: string | null; hasVoice: boolean; dueDate: string | null; amountTenge: number | null;
  answers: Array<{ round: number; status: string; answer: string | null; answeredAt: string | null }>;
}

export interface MediatorProfileExport {
  fullName: string; kind: string; registryNumber: string | null; phone: string; bio: string; status: string;
  rayonCodes: string[]; languages: string; specializations: string; modes: string; maxOpenCases: number;
  /** An operator's reason for the last decision on the profile (rejection, suspension). */
  decisionReason: string | null;
  /** Offers this mediator declined, with the reason given (a button code, or typed words). */
  declinedOffers: Array<{ requestCode: string; declinedAt: string | null; reason: string | null }>;
  /** Meetings of this mediator's cases: the place they typed and their own cancel reason. */
  meetings: Array<{ requestCode: string; status: string; mode: string; startsAt: string | null; place: string | null; cancelReason: string | null }>;
  /** The centre's register entry the mediator joined through (start=m_<code>), when there is one. */
  registerInvite: { fullName: string; phone: string; registryNumber: string | null; kind: string; status: string; joinedAt: string | null } | null;
  /** Terms of this mediator's cases they recorded by voice (their own voice: erased with the profile). */
  spokenTerms: Array<{ requestCode: string; position: number; dueDate: string | null }>;
}

export interface PersonalDataExport {
  /** The person's mediator profile, when they applied as a mediator. */
  mediator: MediatorProfileExport | null;
  user: {
    telegramId: string; firstName: string; lastName: string | null; locale: string | null; telegramLanguage: string | null;
    /** The rayon of a poster the person scanned (start=r_<rayon>); the intake offers it first. */
    preferredRayonCode: string | null;
    startedAt: string; blockedAt: string | null; erasedAt: string | null;
  };
  requests: Array<{
    code: string; status: string; category: string; rayonCode: string; submittedAt: string; consentAt: string; closedAt: string | null;
    description: string | null; hasVoice: boolean; otherParty: string; otherPartyAware: string; inCourt: boolean; mode: string;
    sessionLanguage: string; costPreference: string; contactName: string | null; contactPhone: string | null;
    history: Array<{ from: string | null; to: string; by: string; at: string }>;
    appointments: AppointmentExport[];
  }>;
  /** Cases of others this person was invited to as the other party and answered through Telegram. */
  invitedTo: Array<{ code: string; category: string; answer: string; answeredAt: string | null }>;
  /**
   * The agreements of the person's cases (their own requests, and cases they joined as the other party): the
   * terms as recorded, and the person's own answers. Erased by /deletedata of either party.
   */
  agreements: Array<{ requestCode: string; as: "citizen" | "other_party"; terms: AgreementTermExport[] }>;
  /** Conversation and session state kept under the person's chat (e.g. an intake not sent yet), as stored. */
  storedState: Array<{ key: string; value: string }>;
}

export interface EraseResult {
  /** Requests that were still open and are now cancelled (nobody could contact the person any more). */
  cancelledRequests: number;
  /** Requests kept as anonymous statistics (category, rayon, status, dates), no longer linked to the person. */
  keptRequests: number;
}

/** What an operator's erasure of one request did (eraseRequestByOperator). */
export type OperatorEraseResult =
  | { ok: true; code: string; /** The request was open and is now cancelled. */ cancelled: boolean }
  | { ok: false; reason: "not-found" };

export interface PrivacyRepository {
  exportFor(telegramId: bigint): Promise<PersonalDataExport | null>;
  /**
   * The centre erases one request on the person's word (e.g. someone without Telegram whose request was filed for
   * them): cancels it if open, blanks its typed text, voice, name, phone, claim code and meeting notes, unlinks it
   * from every person, and audits "request.erased_by_operator". Throws DomainError("NOT_OPERATOR") for anyone else.
   */
  eraseRequestByOperator(requestId: number, actor: OperatorActor, now: Date): Promise<OperatorEraseResult>;
  /**
   * Blanks every personal column of the person (names, phones, descriptions, voice ids, meeting notes, comments,
   * reasons, register entry, the terms of the agreements in their cases), cancels "Was this done?" questions not
   * yet sent to them (the answers already given stay as anonymous counts), drops conversation state, delivery rows and pending reminders, and unlinks their
   * requests and actions from them, so that what stays is anonymous statistics.
   */
  eraseFor(telegramId: bigint, now: Date): Promise<EraseResult>;
}

/** False once nothing in the export can identify the person (after /deletedata, or never given): only ids, codes and statistics. */
export function holdsPersonalData(data: PersonalDataExport): boolean {
  const { user, mediator: m } = data;
  const named = user.firstName !== "" || (user.lastName ?? "") !== "" || user.preferredRayonCode !== null;
  // Button codes (a decline or cancel reason chosen from a list) are statistics; typed words are personal.
  const typedReason = (reason: string | null, codes: readonly string[]) => reason !== null && !codes.includes(reason);
  const mediator = m !== null && (
    m.fullName !== "" || m.phone !== "" || m.bio !== "" || (m.registerInvite !== null && (m.registerInvite.fullName !== "" || m.registerInvite.phone !== ""))
    || m.declinedOffers.some((o) => typedReason(o.reason, DECLINE_REASONS)) || m.meetings.some((a) => a.place !== null || typedReason(a.cancelReason, CANCEL_REASONS)));
  const typed = data.requests.some((r) => r.description !== null || r.hasVoice || r.contactName !== null || r.contactPhone !== null || r.appointments.length > 0);
  // An agreement of the person's case names what they promised, even once its words are blanked by the other party.
  const terms = data.agreements.length > 0 || (m !== null && m.spokenTerms.length > 0);
  return named || mediator || typed || terms || data.storedState.length > 0 || data.invitedTo.length > 0;
}
