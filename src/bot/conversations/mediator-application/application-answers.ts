// What an answer does to the mediator application: pure decisions on the state (no Telegram calls, no database).
import {
  APPLICATION_FIELDS, BIO_MAX_LENGTH, BIO_MIN_LENGTH, checkBio, checkFullName, checkRegistryNumber, FULL_NAME_MAX_LENGTH, MAX_CASES_CHOICES,
  nextStep, parseMaxOpenCases, previousStep, toggle,
} from "../../../domain/mediator-application.js";
import { MAX_OPEN_CASES_LIMIT, MEDIATOR_KINDS } from "../../../domain/mediator.js";
import { normalizePhone } from "../../../domain/phone.js";
import { CATEGORIES, MODES, SESSION_LANGUAGES } from "../../../domain/request.js";
import type { ApplicationInput } from "./application-input.js";
import type { QuestionContext } from "./application-questions.js";
import type { ApplicationState } from "./application-state.js";

export type Outcome =
  /** The state moved on; `note` (if any) is said before the next question, removing the reply keyboard if asked. */
  | { kind: "moved"; note?: string; removeReplyKeyboard?: boolean }
  /** Same question again after a short hint. */
  | { kind: "retry"; hint: string }
  /** Same question redrawn in place (a ticked toggle, another page of a list). */
  | { kind: "redraw" }
  | { kind: "submit" }
  | { kind: "cancelled" }
  /** Leave the application (dropping the draft) and let the rest of the bot handle this update. */
  | { kind: "handover" };

function is<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (values as readonly string[]).includes(value);
}

function move(state: ApplicationState, note?: string, removeReplyKeyboard = false): Outcome {
  state.cursor = nextStep(state.cursor, state.draft.kind);
  state.page = 0;
  return { kind: "moved", note, removeReplyKeyboard };
}

export function answer(state: ApplicationState, input: ApplicationInput, q: QuestionContext): Outcome {
  const { t } = q;
  const { step } = state.cursor;
  const d = state.draft;
  if (input.type === "cancel") return { kind: "cancelled" };
  if (input.type === "privacy") return { kind: "handover" };
  if (input.type === "stale") return { kind: "retry", hint: t("mediator:hints.staleButton") };
  if (input.type === "command") return { kind: "retry", hint: t("mediator:hints.inProgress") };
  if (input.type === "back") {
    state.cursor = previousStep(state.cursor, d.kind);
    state.page = 0;
    return { kind: "moved", removeReplyKeyboard: step === "phone" };
  }
  const tap = input.type === "tap" ? input : undefined;
  const text = input.type === "text" ? input.text : undefined;
  if (tap?.what === "page" && (step === "oblast" || step === "rayons")) {
    state.page = Number(tap.value) || 0;
    return { kind: "redraw" };
  }
  const textExpected: Outcome = { kind: "retry", hint: t("mediator:hints.textExpected") };

  switch (step) {
    case "intro":
      if (tap?.what !== "intro" || tap.value !== "yes") break;
      if (!state.editingProfile) return move(state);
      state.cursor = { step: "summary", editing: false };
      return { kind: "moved" };
    case "fullName": {
      if (text === undefined) return textExpected;
      const checked = checkFullName(text);
      if (!checked.ok) return { kind: "retry", hint: checked.problem === "too-long" ? t("mediator:fullName.tooLong", { max: FULL_NAME_MAX_LENGTH }) : t("mediator:fullName.notLetters") };
      d.fullName = checked.value;
      return move(state);
    }
    case "kind":
      if (tap?.what !== "kind" || !is(MEDIATOR_KINDS, tap.value)) break;
      d.kind = tap.value;
      if (d.kind === "public") d.registryNumber = null;
      return move(state);
    case "registry": {
      if (text === undefined) return textExpected;
      const checked = checkRegistryNumber(text);
      if (!checked.ok) return { kind: "retry", hint: t("mediator:registry.invalid") };
      d.registryNumber = checked.value;
      return move(state);
    }
    case "oblast": {
      if (tap?.what === "done") return d.rayonCodes.length > 0 ? leaveRayons(state) : { kind: "retry", hint: t("mediator:rayons.noneChosen") };
      const oblast = tap?.what === "oblast" ? q.regions.oblast(tap.value ?? "") : undefined;
      if (!oblast) break;
      state.oblastCode = oblast.code;
      return move(state);
    }
    case "rayons": {
      if (tap?.what === "done") return d.rayonCodes.length > 0 ? leaveRayons(state) : { kind: "retry", hint: t("mediator:rayons.noneChosen") };
      if (tap?.what === "another") {
        state.cursor = { step: "oblast", editing: state.cursor.editing };
        state.page = 0;
        return { kind: "moved" };
      }
      if (tap?.what !== "rayon") break;
      const rayon = q.regions.rayonByKato(tap.value ?? "");
      // A rayon of another oblast can only come from an old keyboard: ask again.
      if (!rayon || rayon.oblastCode !== state.oblastCode) return { kind: "retry", hint: t("mediator:hints.staleButton") };
      d.rayonCodes = d.rayonCodes.includes(rayon.code) ? d.rayonCodes.filter((c) => c !== rayon.code) : [...d.rayonCodes, rayon.code];
      return { kind: "redraw" };
    }
    case "languages":
      return toggleStep(state, tap, "language", SESSION_LANGUAGES, d.languages, (v) => (d.languages = v), q);
    case "specializations":
      if (tap?.what === "all") {
        d.specializations = [...CATEGORIES];
        return { kind: "redraw" };
      }
      return toggleStep(state, tap, "spec", CATEGORIES, d.specializations, (v) => (d.specializations = v), q);
    case "modes":
      return toggleStep(state, tap, "mode", MODES, d.modes, (v) => (d.modes = v), q);
    case "maxOpenCases": {
      const chosen = tap?.what === "cases" && (MAX_CASES_CHOICES as readonly number[]).includes(Number(tap.value)) ? Number(tap.value) : undefined;
      const typed = text === undefined ? undefined : parseMaxOpenCases(text);
      if (typed === null) return { kind: "retry", hint: t("mediator:maxOpenCases.invalid", { max: MAX_OPEN_CASES_LIMIT }) };
      const value = chosen ?? typed;
      if (value === undefined) break;
      d.maxOpenCases = value;
      return move(state);
    }
    case "phone": {
      if (input.type === "contact" && !input.own) return { kind: "retry", hint: t("mediator:phone.notOwnContact") };
      const raw = input.type === "contact" ? input.phone : text;
      const phone = raw === undefined ? null : normalizePhone(raw);
      if (!phone) return { kind: "retry", hint: t("mediator:phone.invalid") };
      d.phone = phone;
      return move(state, t("mediator:phone.saved", { phone }), true);
    }
    case "bio": {
      if (text === undefined) return textExpected;
      const checked = checkBio(text);
      if (!checked.ok) {
        return checked.problem === "too-long"
          ? { kind: "retry", hint: t("mediator:bio.tooLong", { count: text.trim().length, max: BIO_MAX_LENGTH }) }
          : { kind: "retry", hint: t("mediator:bio.tooShort", { min: BIO_MIN_LENGTH }) };
      }
      d.bio = checked.value;
      return move(state);
    }
    case "summary":
      if (tap?.what === "submit") return { kind: "submit" };
      if (tap?.what === "edit" && is(APPLICATION_FIELDS, tap.value) && (tap.value !== "registry" || d.kind === "professional")) {
        state.cursor = { step: tap.value, editing: true };
        state.page = 0;
        return { kind: "moved" };
      }
      break;
  }
  // A tap this question does not know comes from an earlier keyboard (a race with an edit, an old client).
  return { kind: "retry", hint: t(tap ? "mediator:hints.staleButton" : "mediator:hints.useButtons") };
}

/** "Done" on the oblast or rayon list: on to languages (or back to the summary when editing). */
function leaveRayons(state: ApplicationState): Outcome {
  state.cursor = nextStep({ step: "rayons", editing: state.cursor.editing }, state.draft.kind);
  state.page = 0;
  return { kind: "moved" };
}

/** A step of toggles: a tap ticks or unticks (redrawn in place); "Done" needs at least one ticked. */
function toggleStep<T extends string>(
  state: ApplicationState, tap: { what: string; value: string | undefined } | undefined, what: string,
  values: readonly T[], current: readonly T[], set: (next: T[]) => void, q: QuestionContext,
): Outcome {
  if (tap?.what === "done") return current.length > 0 ? move(state) : { kind: "retry", hint: q.t("mediator:hints.chooseAtLeastOne") };
  if (tap?.what !== what || !is(values, tap.value)) return { kind: "retry", hint: q.t(tap ? "mediator:hints.staleButton" : "mediator:hints.useButtons") };
  set(toggle(current, tap.value, values));
  return { kind: "redraw" };
}
