// What an answer does to the intake: pure decisions on the state (no Telegram calls, no database).
import { checkDescription, checkName, EDITABLE_FIELDS, nextStep, previousStep, type EditableField } from "../../../domain/intake.js";
import { normalizePhone } from "../../../domain/phone.js";
import { AWARENESS, CATEGORIES, COST_PREFERENCES, DESCRIPTION_MAX_LENGTH, MODES, NAME_MAX_LENGTH, NOT_MEDIABLE, OTHER_PARTIES, SESSION_LANGUAGES } from "../../../domain/request.js";
import { nameIn } from "../../../domain/region.js";
import type { IntakeInput } from "./intake-input.js";
import type { QuestionContext } from "./intake-questions.js";
import type { IntakeState } from "./intake-state.js";

export type Outcome =
  /** The state moved on; `note` (if any) is said before the next question, removing the reply keyboard if asked. */
  | { kind: "moved"; note?: string; removeReplyKeyboard?: boolean }
  /** Same question again after a short hint. */
  | { kind: "retry"; hint: string }
  /** Same question redrawn in place (another page of a list, the consent details). */
  | { kind: "redraw"; text?: string }
  | { kind: "submit" }
  | { kind: "declined" }
  | { kind: "cancelled" }
  /** Leave the intake (dropping the draft) and let the rest of the bot handle this update. */
  | { kind: "handover" };

/** Furthest distance from a rayon centre at which a shared location still counts as "in Kazakhstan". */
const MAX_SUGGESTION_KM = 120;

function is<T extends string>(values: readonly T[], value: string | undefined): value is T {
  return value !== undefined && (values as readonly string[]).includes(value);
}

function move(state: IntakeState, note?: string, removeReplyKeyboard = false): Outcome {
  state.cursor = nextStep(state.cursor);
  state.page = 0;
  return { kind: "moved", note, removeReplyKeyboard };
}

export function answer(state: IntakeState, input: IntakeInput, q: QuestionContext, nowIso: string): Outcome {
  const { t } = q;
  const step = state.cursor.step;
  if (input.type === "cancel") return { kind: "cancelled" };
  if (input.type === "privacy") return { kind: "handover" };
  if (input.type === "stale") return { kind: "retry", hint: t("intake:hints.staleButton") };
  if (input.type === "command") return { kind: "retry", hint: t("intake:hints.inProgress") };
  if (input.type === "back") {
    if (step === "rayon" && state.suggestion) state.suggestion = undefined;
    const leavingReplyKeyboard = step === "oblast" || step === "phone";
    state.cursor = previousStep(state.cursor);
    state.page = 0;
    return { kind: "moved", removeReplyKeyboard: leavingReplyKeyboard };
  }
  const tap = input.type === "tap" ? input : undefined;
  if (tap?.what === "page" && (step === "oblast" || step === "rayon")) {
    state.page = Number(tap.value) || 0;
    return { kind: "redraw" };
  }

  switch (step) {
    case "consent":
      if (tap?.what !== "consent") break;
      if (tap.value === "more") return { kind: "redraw", text: t("intake:consent.details") };
      if (tap.value === "no") return { kind: "declined" };
      state.draft.consentAt = nowIso;
      return move(state);
    case "category":
      if (tap?.what !== "category") break;
      if (is(NOT_MEDIABLE, tap.value)) return { kind: "retry", hint: t(`intake:category.notMediableHint.${tap.value}`) };
      if (!is(CATEGORIES, tap.value)) break;
      state.draft.category = tap.value;
      return move(state, tap.value === "juvenile" ? t("intake:category.juvenileNote") : undefined);
    case "description": {
      if (input.type === "voice") {
        state.draft.description = { kind: "voice", fileId: input.fileId, duration: input.duration };
        return move(state, t("intake:description.voiceSaved", { seconds: input.duration }));
      }
      if (input.type !== "text") return { kind: "retry", hint: t("intake:hints.textOrVoice") };
      const checked = checkDescription(input.text);
      if (!checked.ok) {
        return checked.problem === "too-long"
          ? { kind: "retry", hint: t("intake:description.tooLong", { count: input.text.trim().length, max: DESCRIPTION_MAX_LENGTH }) }
          : { kind: "retry", hint: t("intake:description.tooShort") };
      }
      state.draft.description = { kind: "text", text: checked.value };
      return move(state);
    }
    case "otherParty":
      if (tap?.what !== "otherParty" || !is(OTHER_PARTIES, tap.value)) break;
      state.draft.otherParty = tap.value;
      return move(state);
    case "awareness":
      if (tap?.what !== "awareness" || !is(AWARENESS, tap.value)) break;
      state.draft.otherPartyAware = tap.value;
      return move(state);
    case "inCourt":
      if (tap?.what !== "inCourt" || (tap.value !== "yes" && tap.value !== "no")) break;
      state.draft.inCourt = tap.value === "yes";
      return move(state, state.draft.inCourt ? t("intake:inCourt.courtNote") : undefined);
    case "cost":
      if (tap?.what !== "cost" || !is(COST_PREFERENCES, tap.value)) break;
      state.draft.costPreference = tap.value;
      return move(state);
    case "oblast":
    case "rayon":
      return answerPlace(state, input, q);
    case "mode":
      if (tap?.what !== "mode" || !is(MODES, tap.value)) break;
      state.draft.mode = tap.value;
      return move(state);
    case "sessionLanguage":
      if (tap?.what !== "sessionLanguage" || !is(SESSION_LANGUAGES, tap.value)) break;
      state.draft.sessionLanguage = tap.value;
      return move(state);
    case "name": {
      const typed = input.type === "text" ? input.text : tap?.what === "name" && tap.value === "telegram" ? q.telegramName : undefined;
      if (typed === undefined) return { kind: "retry", hint: t("intake:hints.textExpected") };
      const checked = checkName(typed);
      if (!checked.ok) {
        return { kind: "retry", hint: checked.problem === "too-long" ? t("intake:name.tooLong", { max: NAME_MAX_LENGTH }) : t("intake:name.noLetters") };
      }
      state.draft.contactName = checked.value;
      return move(state);
    }
    case "phone": {
      // A person shares their own contact; a filer (assisted intake) may share the person's, never their own.
      if (input.type === "contact" && input.own === Boolean(q.assisted)) return { kind: "retry", hint: t(q.assisted ? "assisted:phone.ownContact" : "intake:phone.notOwnContact") };
      const raw = input.type === "contact" ? input.phone : input.type === "text" ? input.text : undefined;
      const phone = raw === undefined ? null : normalizePhone(raw);
      if (!phone) return { kind: "retry", hint: t("intake:phone.invalid") };
      state.draft.contactPhone = phone;
      return move(state, t("intake:phone.saved", { phone }), true);
    }
    case "summary":
      if (tap?.what === "submit") return { kind: "submit" };
      if (tap?.what === "edit" && is(EDITABLE_FIELDS, tap.value)) {
        state.cursor = { step: tap.value satisfies EditableField, editing: true };
        state.page = 0;
        return { kind: "moved" };
      }
      break;
  }
  return { kind: "retry", hint: t("intake:hints.useButtons") };
}

function answerPlace(state: IntakeState, input: IntakeInput, q: QuestionContext): Outcome {
  const { t } = q;
  if (input.type === "location") {
    const found = q.regions.nearestRayon(input);
    if (!found || found.km > MAX_SUGGESTION_KM) return { kind: "retry", hint: t("intake:place.locationFar") };
    state.suggestion = found.rayon.code;
    state.cursor = { step: "rayon", editing: state.cursor.editing };
    return { kind: "moved", note: t("intake:place.locationReceived"), removeReplyKeyboard: true };
  }
  const tap = input.type === "tap" ? input : undefined;
  if (state.cursor.step === "oblast" && state.preferredRayon) {
    if (tap?.what !== "preferred") return { kind: "retry", hint: t("intake:hints.useButtons") };
    if (tap.value === "yes") {
      state.cursor = { step: "rayon", editing: state.cursor.editing };
      return chooseRayon(state, state.preferredRayon, q);
    }
    // "Change": the ordinary oblast list from now on.
    state.preferredRayon = undefined;
    return { kind: "redraw" };
  }
  if (state.cursor.step === "oblast") {
    const oblast = tap?.what === "oblast" ? q.regions.oblast(tap.value ?? "") : undefined;
    if (!oblast) return { kind: "retry", hint: t("intake:hints.useButtons") };
    state.oblastCode = oblast.code;
    return move(state);
  }
  if (state.suggestion) {
    if (tap?.what !== "suggestion") return { kind: "retry", hint: t("intake:hints.useButtons") };
    const suggested = state.suggestion;
    state.suggestion = undefined;
    if (tap.value !== "yes") {
      state.cursor = { step: "oblast", editing: state.cursor.editing };
      state.page = 0;
      return { kind: "moved" };
    }
    return chooseRayon(state, suggested, q);
  }
  const rayon = tap?.what === "rayon" ? q.regions.rayonByKato(tap.value ?? "") : undefined;
  // A rayon of another oblast can only come from an old keyboard: ask again.
  if (!rayon || rayon.oblastCode !== state.oblastCode) return { kind: "retry", hint: t("intake:hints.staleButton") };
  return chooseRayon(state, rayon.code, q);
}

function chooseRayon(state: IntakeState, rayonCode: string, q: QuestionContext): Outcome {
  const rayon = q.regions.rayon(rayonCode)!;
  const oblast = q.regions.oblast(rayon.oblastCode)!;
  state.draft.rayonCode = rayon.code;
  state.oblastCode = oblast.code;
  const note = q.t("intake:place.chosen", { rayon: nameIn(rayon, q.locale), oblast: nameIn(oblast, q.locale) });
  return move(state, note, true);
}
