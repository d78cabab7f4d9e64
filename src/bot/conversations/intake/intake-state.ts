import type { IntakeCursor } from "../../../domain/intake.js";
import type { IntakeDraft } from "../../../domain/request.js";

/** Everything the intake knows so far. Lives in the conversation (rebuilt by replay), never in globals. */
export interface IntakeState {
  cursor: IntakeCursor;
  draft: Partial<IntakeDraft>;
  /** Oblast whose rayons are listed at the rayon step. */
  oblastCode: string | undefined;
  /** Page of the oblast or rayon list. */
  page: number;
  /** Rayon suggested from a shared location, waiting for the person's "yes". */
  suggestion: string | undefined;
  /** Rayon of the poster the person came through (start=r_<kato>): offered at the place step until "Change". */
  preferredRayon: string | undefined;
}

export function initialState(preferredRayon?: string): IntakeState {
  return { cursor: { step: "consent", editing: false }, draft: {}, oblastCode: undefined, page: 0, suggestion: undefined, preferredRayon };
}
