// Appointments: the mediator proposes one to three times, the citizen picks one, either side may move or
// cancel it, and after it the mediator records the outcome and the citizen rates the help. Pure types;
// the time logic lives in scheduling.ts. Every operation re-checks who may do it and answers with a code.
import type { SessionMode } from "./request.js";

export const APPOINTMENT_STATUSES = ["proposed", "confirmed", "cancelled", "completed"] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

export const OUTCOMES = ["agreement", "partial", "no_agreement", "no_show", "postponed"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Reasons offered as buttons when cancelling ("other" asks for words). */
export const CANCEL_REASONS = ["illness", "travel", "settled", "other"] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const RATINGS = [1, 2, 3, 4, 5] as const;
export const PLACE_MAX_LENGTH = 200;
export const NOTE_MAX_LENGTH = 500;

export interface AppointmentParty {
  userId: number;
  telegramId: bigint;
  locale: string | null;
}

/** An appointment with both sides, as the bot needs it to write to them. */
export interface AppointmentView {
  id: number;
  requestId: number;
  requestCode: string;
  requestStatus: string;
  status: AppointmentStatus;
  round: number;
  mode: SessionMode;
  place: string | null;
  /** The times offered in the current round (empty after "ask for other times" or a reschedule). */
  slots: Date[];
  startsAt: Date | null;
  durationMinutes: number;
  outcome: Outcome | null;
  rating: number | null;
  ratingComment: string | null;
  citizen: AppointmentParty & { name: string | null; phone: string | null };
  mediator: AppointmentParty & { fullName: string; phone: string };
  /** The other party, when they agreed through an invitation link: they get the meeting and its reminders too. */
  otherParty?: AppointmentParty | null;
}

export type Side = "citizen" | "mediator";
type Refusal<R extends string> = { ok: false; reason: R };
type Done = { ok: true; appointment: AppointmentView };

/** not-active: the mediator's profile is suspended or erased (their cases wait for an operator to reassign them). */
export type ProposeResult = (Done & { rescheduled: boolean }) | Refusal<"not-found" | "not-yours" | "not-active" | "wrong-status" | "bad-slots">;
export type PickResult = Done | Refusal<"not-found" | "not-yours" | "stale">;
export type ChangeResult = (Done & { by: Side }) | Refusal<"not-found" | "not-yours" | "wrong-status">;
export type OutcomeResult = Done | Refusal<"not-found" | "not-yours" | "not-active" | "too-early" | "answered">;
/** own-case: the rater is the case's own mediator (their own request). */
export type RatingResult = Done | Refusal<"not-found" | "not-yours" | "own-case" | "too-early" | "answered" | "invalid">;

/** What the propose conversation needs to start: the request, when the mediator may propose for it. */
export interface ProposalContext {
  requestId: number;
  requestCode: string;
  mode: SessionMode;
}

export interface AppointmentRepository {
  /** The request's code and preferred mode when this user is its accepting mediator and it is accepted or scheduled. */
  proposalContext(requestId: number, mediatorUserId: number): Promise<ProposalContext | null>;
  /**
   * Sends a round of times: creates the request's appointment or re-rounds its open one (round + 1, so
   * older slot buttons go stale), cancelling its pending reminders; a scheduled request goes back to accepted.
   */
  propose(requestId: number, mediatorUserId: number, slots: Date[], mode: SessionMode, place: string | null, now: Date): Promise<ProposeResult>;
  /** Confirms one slot of the current round; plans the reminders; the request becomes scheduled. */
  pick(appointmentId: number, citizenUserId: number, round: number, slotIndex: number, now: Date): Promise<PickResult>;
  /** The citizen wants other times: the round's slots are withdrawn; the mediator is to propose again. */
  askOtherTimes(appointmentId: number, citizenUserId: number, round: number, now: Date): Promise<PickResult>;
  /** Either side drops the agreed time: a new round is needed; reminders are cancelled; request back to accepted. */
  reschedule(appointmentId: number, userId: number, now: Date): Promise<ChangeResult>;
  /** Either side cancels the appointment with a reason; reminders are cancelled; request back to accepted. */
  cancel(appointmentId: number, userId: number, reason: string, now: Date): Promise<ChangeResult>;
  /** After the start: "postponed" sends the request back to proposing, anything else completes it. */
  recordOutcome(appointmentId: number, mediatorUserId: number, outcome: Outcome, now: Date): Promise<OutcomeResult>;
  /** After the start, once: the citizen's 1–5 rating, with an optional comment. */
  recordRating(appointmentId: number, citizenUserId: number, rating: number, comment: string | null, now: Date): Promise<RatingResult>;
  /** The comment that follows a rating (once). */
  addRatingComment(appointmentId: number, citizenUserId: number, comment: string, now: Date): Promise<RatingResult>;
  findById(appointmentId: number): Promise<AppointmentView | null>;
  /** Who to nudge to propose times: the accepting mediator while the request is accepted with no appointment yet; else null. */
  proposeNudgeTarget(requestId: number): Promise<{ requestCode: string; mediator: AppointmentParty } | null>;
}
