import { emptyDraft, type ApplicationCursor, type ApplicationDraft } from "../../../domain/mediator-application.js";

/** Everything the application knows so far. Lives in the conversation (rebuilt by replay), never in globals. */
export interface ApplicationState {
  cursor: ApplicationCursor;
  draft: ApplicationDraft;
  /** Oblast whose rayons are listed at the rayons step. */
  oblastCode: string | undefined;
  /** Page of the oblast or rayon list. */
  page: number;
  /** True when the person already has a profile: the draft starts from it and submitting sends it back for review. */
  editingProfile: boolean;
}

export function initialState(existing?: ApplicationDraft): ApplicationState {
  return { cursor: { step: "intro", editing: false }, draft: existing ?? emptyDraft(), oblastCode: undefined, page: 0, editingProfile: existing !== undefined };
}
