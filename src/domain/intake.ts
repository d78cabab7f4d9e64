// The intake's questions and how a person moves between them. Pure: the conversation asks, this decides.
import { DESCRIPTION_MAX_LENGTH, NAME_MAX_LENGTH, type IntakeDraft } from "./request.js";

export const INTAKE_STEPS = [
  "consent",
  "category",
  "description",
  "otherParty",
  "awareness",
  "inCourt",
  "cost",
  "oblast",
  "rayon",
  "mode",
  "sessionLanguage",
  "name",
  "phone",
  "summary",
] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/** Fields a person can change from the summary card; each jumps to its first question. */
export const EDITABLE_FIELDS = ["category", "description", "otherParty", "awareness", "inCourt", "cost", "oblast", "mode", "sessionLanguage", "name", "phone"] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface IntakeCursor {
  step: IntakeStep;
  /** Set while editing one field from the summary: after it, go straight back to the summary. */
  editing: boolean;
}

/** The question after `step` has been answered. */
export function nextStep(cursor: IntakeCursor): IntakeCursor {
  // Choosing an oblast always needs a rayon, even when editing; after the rayon, editing returns.
  if (cursor.step === "oblast") return { step: "rayon", editing: cursor.editing };
  if (cursor.editing) return { step: "summary", editing: false };
  const index = INTAKE_STEPS.indexOf(cursor.step);
  return { step: INTAKE_STEPS[Math.min(index + 1, INTAKE_STEPS.length - 1)]!, editing: false };
}

/** The question before `step` ("Back"). While editing, Back returns to the summary unchanged. */
export function previousStep(cursor: IntakeCursor): IntakeCursor {
  if (cursor.editing && cursor.step !== "rayon") return { step: "summary", editing: false };
  const index = INTAKE_STEPS.indexOf(cursor.step);
  return { step: INTAKE_STEPS[Math.max(index - 1, 0)]!, editing: cursor.editing };
}

export type TextCheck = { ok: true; value: string } | { ok: false; problem: "too-long" | "too-short" | "no-letters" };

export const DESCRIPTION_MIN_LENGTH = 10;

/** A description in the person's own words: trimmed, not trivially short, within the limit. */
export function checkDescription(text: string): TextCheck {
  const value = text.trim();
  if (value.length > DESCRIPTION_MAX_LENGTH) return { ok: false, problem: "too-long" };
  if (value.length < DESCRIPTION_MIN_LENGTH) return { ok: false, problem: "too-short" };
  return { ok: true, value };
}

/** A name as people write it: letters required, spaces collapsed, within the limit. */
export function checkName(text: string): TextCheck {
  const value = text.trim().replace(/\s+/g, " ");
  if (value.length > NAME_MAX_LENGTH) return { ok: false, problem: "too-long" };
  if (!/\p{L}/u.test(value)) return { ok: false, problem: "no-letters" };
  return { ok: true, value };
}

/** A draft is complete when every field has been answered. */
export function isComplete(draft: Partial<IntakeDraft>): draft is IntakeDraft {
  return (
    draft.consentAt !== undefined && draft.category !== undefined && draft.description !== undefined && draft.otherParty !== undefined &&
    draft.otherPartyAware !== undefined && draft.inCourt !== undefined && draft.costPreference !== undefined && draft.rayonCode !== undefined && draft.mode !== undefined &&
    draft.sessionLanguage !== undefined && draft.contactName !== undefined && draft.contactPhone !== undefined
  );
}
