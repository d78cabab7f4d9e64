// The mediator application's questions, how a person moves between them, and the checks on typed answers.
// Pure: the conversation asks, this decides.
import { MAX_OPEN_CASES_LIMIT, type MediatorApplication, type MediatorKind } from "./mediator.js";
import type { Category, SessionLanguage, SessionMode } from "./request.js";

export const APPLICATION_STEPS = [
  "intro",
  "fullName",
  "kind",
  "registry",
  "oblast",
  "rayons",
  "languages",
  "specializations",
  "modes",
  "maxOpenCases",
  "phone",
  "bio",
  "summary",
] as const;
export type ApplicationStep = (typeof APPLICATION_STEPS)[number];

/** Fields a person can change from the summary card; each jumps to its first question. */
export const APPLICATION_FIELDS = ["fullName", "kind", "registry", "oblast", "languages", "specializations", "modes", "maxOpenCases", "phone", "bio"] as const;
export type ApplicationField = (typeof APPLICATION_FIELDS)[number];

export const FULL_NAME_MAX_LENGTH = 120;
export const REGISTRY_MIN_LENGTH = 3;
export const REGISTRY_MAX_LENGTH = 40;
export const BIO_MIN_LENGTH = 20;
export const BIO_MAX_LENGTH = 600;
/** The "maximum open cases" buttons; any other number up to MAX_OPEN_CASES_LIMIT can be typed. */
export const MAX_CASES_CHOICES = [1, 2, 3, 5, 10] as const;

export interface ApplicationCursor {
  step: ApplicationStep;
  /** Set while editing one field from the summary: after it, go straight back to the summary. */
  editing: boolean;
}

/** Everything the application has collected so far. JSON-safe (it lives in conversation state). */
export interface ApplicationDraft {
  fullName?: string;
  kind?: MediatorKind;
  /** Professionals only; null for public mediators. */
  registryNumber?: string | null;
  rayonCodes: string[];
  languages: SessionLanguage[];
  specializations: Category[];
  modes: SessionMode[];
  maxOpenCases?: number;
  phone?: string;
  bio?: string;
}

export function emptyDraft(): ApplicationDraft {
  return { rayonCodes: [], languages: [], specializations: [], modes: [] };
}

/** A stored profile as a draft, for editing it (plain copies: the draft is mutated and serialised). */
export function draftFromApplication(a: MediatorApplication): ApplicationDraft {
  return {
    fullName: a.fullName, kind: a.kind, registryNumber: a.registryNumber, rayonCodes: [...a.rayonCodes], languages: [...a.languages],
    specializations: [...a.specializations], modes: [...a.modes], maxOpenCases: a.maxOpenCases, phone: a.phone, bio: a.bio,
  };
}

/** The question after `cursor` has been answered. `kind` decides whether the registry number is asked. */
export function nextStep(cursor: ApplicationCursor, kind: MediatorKind | undefined): ApplicationCursor {
  // Choosing an oblast always leads to its rayons, and a professional always gives a number, even when editing.
  if (cursor.step === "oblast") return { step: "rayons", editing: cursor.editing };
  if (cursor.step === "kind" && kind === "professional") return { step: "registry", editing: cursor.editing };
  if (cursor.editing) return { step: "summary", editing: false };
  if (cursor.step === "kind") return { step: "oblast", editing: false };
  const index = APPLICATION_STEPS.indexOf(cursor.step);
  return { step: APPLICATION_STEPS[Math.min(index + 1, APPLICATION_STEPS.length - 1)]!, editing: false };
}

/** The question before `cursor` ("Back"). While editing, Back returns to the summary from a field's first question. */
export function previousStep(cursor: ApplicationCursor, kind: MediatorKind | undefined): ApplicationCursor {
  if (cursor.step === "rayons") return { step: "oblast", editing: cursor.editing };
  if (cursor.step === "registry") return { step: "kind", editing: cursor.editing };
  if (cursor.editing) return { step: "summary", editing: false };
  if (cursor.step === "oblast") return { step: kind === "professional" ? "registry" : "kind", editing: false };
  const index = APPLICATION_STEPS.indexOf(cursor.step);
  return { step: APPLICATION_STEPS[Math.max(index - 1, 0)]!, editing: false };
}

export type Checked<P extends string> = { ok: true; value: string } | { ok: false; problem: P };

/** A full name as people write it: letters (with spaces, hyphens, apostrophes, dots between them), within the limit. */
export function checkFullName(text: string): Checked<"too-long" | "not-letters"> {
  const value = text.trim().replace(/\s+/g, " ");
  if (value.length > FULL_NAME_MAX_LENGTH) return { ok: false, problem: "too-long" };
  if (!/^\p{L}[\p{L}\p{M} '’.-]*$/u.test(value) || (value.match(/\p{L}/gu)?.length ?? 0) < 2) return { ok: false, problem: "not-letters" };
  return { ok: true, value };
}

/** A register entry or certificate number: 3–40 letters, digits, "-", "№" and spaces, at least one letter or digit. */
export function checkRegistryNumber(text: string): Checked<"invalid"> {
  const value = text.trim().replace(/\s+/g, " ");
  const shaped = new RegExp(`^[\\p{L}\\p{N}№ -]{${REGISTRY_MIN_LENGTH},${REGISTRY_MAX_LENGTH}}$`, "u");
  if (!shaped.test(value) || !/[\p{L}\p{N}]/u.test(value)) return { ok: false, problem: "invalid" };
  return { ok: true, value };
}

/** A short bio in the person's own words. */
export function checkBio(text: string): Checked<"too-short" | "too-long"> {
  const value = text.trim();
  if (value.length > BIO_MAX_LENGTH) return { ok: false, problem: "too-long" };
  if (value.length < BIO_MIN_LENGTH) return { ok: false, problem: "too-short" };
  return { ok: true, value };
}

/** A typed number of cases (1…MAX_OPEN_CASES_LIMIT), or null. */
export function parseMaxOpenCases(text: string): number | null {
  const value = text.trim();
  if (!/^\d{1,3}$/.test(value)) return null;
  const n = Number(value);
  return n >= 1 && n <= MAX_OPEN_CASES_LIMIT ? n : null;
}

/** `list` with `value` added or removed; values keep the order of `order` (the order of the buttons). */
export function toggle<T extends string>(list: readonly T[], value: T, order: readonly T[]): T[] {
  const next = list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return order.filter((v) => next.includes(v));
}

/** The application when every answer is there (and a professional gave a number); null otherwise. */
export function toApplication(d: ApplicationDraft): MediatorApplication | null {
  const { fullName, kind, maxOpenCases, phone, bio } = d;
  if (fullName === undefined || kind === undefined || maxOpenCases === undefined || phone === undefined || bio === undefined) return null;
  if (kind === "professional" && !d.registryNumber) return null;
  if (d.rayonCodes.length === 0 || d.languages.length === 0 || d.specializations.length === 0 || d.modes.length === 0) return null;
  return {
    fullName, kind, registryNumber: kind === "professional" ? d.registryNumber! : null, rayonCodes: [...d.rayonCodes], languages: [...d.languages],
    specializations: [...d.specializations], modes: [...d.modes], maxOpenCases, phone, bio,
  };
}
