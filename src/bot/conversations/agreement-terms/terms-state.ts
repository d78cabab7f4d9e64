// What each answer in the terms conversation means (pure): one term at a time — who → what → by when →
// amount — then the list of terms so far with Add another / Edit / Back / Done. Edit re-asks a chosen term
// from its first step ("Keep" leaves a step's answer as it was); Back goes one step back, from the list to
// the last term's amount. The conversation file only talks to Telegram.
import { MAX_TERMS, TERM_ACTION_MAX_LENGTH, TERM_PARTIES, type TermDraft, type TermParty } from "../../../domain/agreement.js";
import { addDays, isCalendarDate, MAX_DUE_YEARS, parseAmount } from "../../../domain/agreement-terms.js";
import { localDate } from "../../../domain/scheduling.js";
import type { ConversationInput } from "../shared/conversation-input.js";

export type Stage = "party" | "action" | "date" | "amount" | "list" | "pick";
/** Days shown per page of the date picker; pages reach about a year ahead (a typed date reaches further). */
export const DAYS_PER_PAGE = 14;
export const MAX_PAGE = 26;

export interface TermsState {
  terms: TermDraft[];
  draft: TermDraft;
  /** The term being edited (0-based), or null while a new one is entered. */
  editing: number | null;
  stage: Stage;
  /** Date picker page: days page*14 … page*14+13 from today. */
  page: number;
}

export type Step =
  | { kind: "moved" }
  | { kind: "retry"; hint: string; values?: Record<string, unknown> }
  | { kind: "done" }
  | { kind: "cancel" };

export const emptyDraft = (): TermDraft => ({ party: "citizen", action: null, voiceFileId: null, voiceDuration: null, dueDate: null, amountTenge: null });

export function initialTermsState(): TermsState {
  return { terms: [], draft: emptyDraft(), editing: null, stage: "party", page: 0 };
}

/** The dates of a picker page, from today (local) on. */
export function pageDates(page: number, now: Date, timeZone: string): string[] {
  const today = localDate(now, timeZone);
  return Array.from({ length: DAYS_PER_PAGE }, (_, i) => addDays(today, page * DAYS_PER_PAGE + i));
}

/** A typed date: "25.12.2026", "25/12/2026", "2026-12-25"; null when it is not a real date. */
export function parseTypedDate(text: string): string | null {
  const trimmed = text.trim();
  const dotted = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(trimmed);
  const iso = dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, "0")}-${dotted[1]!.padStart(2, "0")}` : trimmed;
  return isCalendarDate(iso) ? iso : null;
}

/** Whether Back does anything on this screen (the first question of the first new term has nowhere to go). */
export function canGoBack(s: TermsState): boolean {
  return s.stage !== "party" || s.terms.length > 0;
}

/** Applies one input to the state (mutating it) and says what happened. */
export function step(s: TermsState, input: ConversationInput, now: Date, timeZone: string): Step {
  if (input.type === "cancel") return { kind: "cancel" };
  if (input.type === "back") return back(s);
  const tap = input.type === "tap" ? input : null;
  const keep = tap?.what === "keep" && s.editing !== null;
  switch (s.stage) {
    case "party":
      if (tap?.what === "p" && (TERM_PARTIES as readonly string[]).includes(tap.value ?? "")) {
        s.draft.party = tap.value as TermParty;
        return moveTo(s, "action");
      }
      return { kind: "retry", hint: "agreement:hints.useButtons" };
    case "action":
      if (keep) return moveTo(s, "date");
      if (input.type === "text") {
        const text = input.text.trim();
        if (!text) return { kind: "retry", hint: "agreement:hints.action" };
        if ([...text].length > TERM_ACTION_MAX_LENGTH) return { kind: "retry", hint: "agreement:hints.actionTooLong", values: { max: TERM_ACTION_MAX_LENGTH } };
        Object.assign(s.draft, { action: text, voiceFileId: null, voiceDuration: null });
        return moveTo(s, "date");
      }
      if (input.type === "voice") {
        Object.assign(s.draft, { action: null, voiceFileId: input.fileId, voiceDuration: input.duration });
        return moveTo(s, "date");
      }
      return { kind: "retry", hint: "agreement:hints.action" };
    case "date": {
      if (keep) return moveTo(s, "amount");
      const today = localDate(now, timeZone);
      const latest = addDays(today, 366 * MAX_DUE_YEARS);
      if (tap?.what === "nd") return setDate(s, null);
      if (tap?.what === "pg" && /^\d{1,2}$/.test(tap.value ?? "") && Number(tap.value) <= MAX_PAGE) {
        s.page = Number(tap.value);
        return { kind: "moved" };
      }
      if (tap?.what === "d" && tap.value && isCalendarDate(tap.value) && tap.value >= today && tap.value <= latest) return setDate(s, tap.value);
      if (input.type === "text") {
        const typed = parseTypedDate(input.text);
        if (!typed) return { kind: "retry", hint: "agreement:hints.date" };
        if (typed < today) return { kind: "retry", hint: "agreement:hints.datePast" };
        if (typed > latest) return { kind: "retry", hint: "agreement:hints.dateFar", values: { years: MAX_DUE_YEARS } };
        return setDate(s, typed);
      }
      return { kind: "retry", hint: "agreement:hints.date" };
    }
    case "amount":
      if (keep) return commit(s);
      if (tap?.what === "skip") {
        s.draft.amountTenge = null;
        return commit(s);
      }
      if (input.type === "text") {
        const amount = parseAmount(input.text);
        if (amount === null) return { kind: "retry", hint: "agreement:hints.amount" };
        s.draft.amountTenge = amount;
        return commit(s);
      }
      return { kind: "retry", hint: "agreement:hints.amount" };
    case "list":
      if (tap?.what === "done") return { kind: "done" };
      if (tap?.what === "add" && s.terms.length < MAX_TERMS) {
        Object.assign(s, { draft: emptyDraft(), editing: null, page: 0 });
        return moveTo(s, "party");
      }
      if (tap?.what === "edit") return moveTo(s, "pick");
      return { kind: "retry", hint: "agreement:hints.useButtons" };
    case "pick": {
      const n = Number(tap?.what === "e" ? tap.value : NaN);
      if (Number.isInteger(n) && n >= 1 && n <= s.terms.length) {
        Object.assign(s, { draft: { ...s.terms[n - 1]! }, editing: n - 1, page: 0 });
        return moveTo(s, "party");
      }
      return { kind: "retry", hint: "agreement:hints.useButtons" };
    }
  }
}

function moveTo(s: TermsState, stage: Stage): Step {
  s.stage = stage;
  return { kind: "moved" };
}

function setDate(s: TermsState, date: string | null): Step {
  s.draft.dueDate = date;
  return moveTo(s, "amount");
}

/** The term is complete: added, or put back in its place when edited; then the list. */
function commit(s: TermsState): Step {
  if (s.editing === null) s.terms.push({ ...s.draft });
  else s.terms[s.editing] = { ...s.draft };
  Object.assign(s, { draft: emptyDraft(), editing: null });
  return moveTo(s, "list");
}

function back(s: TermsState): Step {
  switch (s.stage) {
    case "party":
      // Leaving a new or edited term half-way: the list as it was.
      if (s.terms.length === 0) return { kind: "retry", hint: "agreement:hints.useButtons" };
      Object.assign(s, { draft: emptyDraft(), editing: null });
      return moveTo(s, "list");
    case "action": return moveTo(s, "party");
    case "date": return moveTo(s, "action");
    case "amount": return moveTo(s, "date");
    case "pick": return moveTo(s, "list");
    case "list": {
      // Back from the list re-opens the last term at its last question.
      const last = s.terms.length - 1;
      Object.assign(s, { draft: { ...s.terms[last]! }, editing: last, page: 0 });
      return moveTo(s, "amount");
    }
  }
}
