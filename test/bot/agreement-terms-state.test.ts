// The terms conversation's rules without Telegram: each step, Back from every screen, Edit with Keep, the date
// picker's pages and typed dates, the limits; the screens' callback data stays within Telegram's 64 bytes.
import { describe, expect, it } from "vitest";
import { parseAgreement, packAgreement } from "../../src/bot/callback-data/agreement.js";
import { termsScreen } from "../../src/bot/conversations/agreement-terms/terms-screens.js";
import { initialTermsState, MAX_PAGE, parseTypedDate, step, type TermsState } from "../../src/bot/conversations/agreement-terms/terms-state.js";
import type { ConversationInput } from "../../src/bot/conversations/shared/conversation-input.js";
import { termsMessages } from "../../src/bot/notifications/agreement-delivery.js";
import { createI18n } from "../../src/bot/i18n.js";
import { MAX_TERMS, TERM_ACTION_MAX_LENGTH } from "../../src/domain/agreement.js";

const TZ = "Asia/Almaty";
const NOW = new Date("2026-12-04T06:00:00Z"); // Friday 4 December, 11:00 in Almaty
const tap = (what: string, value?: string): ConversationInput => ({ type: "tap", what, value });
const text = (t: string): ConversationInput => ({ type: "text", text: t });
const go = (s: TermsState, ...inputs: ConversationInput[]) => inputs.map((input) => step(s, input, NOW, TZ).kind);
const i18n = createI18n("kk");

/** A state with one complete term on the list. */
function withOneTerm(): TermsState {
  const s = initialTermsState();
  go(s, tap("p", "other_party"), text("Returns two sacks of grain"), tap("d", "2026-12-07"), text("50 000"));
  return s;
}

describe("agreement terms: steps", () => {
  it("one term: who → what → by when → amount → the list", () => {
    const s = withOneTerm();
    expect(s.stage).toBe("list");
    expect(s.terms).toEqual([{ party: "other_party", action: "Returns two sacks of grain", voiceFileId: null, voiceDuration: null, dueDate: "2026-12-07", amountTenge: 50_000 }]);
  });

  it("a spoken term, no date, no amount", () => {
    const s = initialTermsState();
    expect(go(s, tap("p", "both"), { type: "voice", fileId: "v1", duration: 9 }, tap("nd"), tap("skip"))).toEqual(["moved", "moved", "moved", "moved"]);
    expect(s.terms[0]).toMatchObject({ party: "both", action: null, voiceFileId: "v1", voiceDuration: 9, dueDate: null, amountTenge: null });
  });

  it("refuses what a step does not take, changing nothing", () => {
    const s = initialTermsState();
    expect(step(s, text("Aigul"), NOW, TZ)).toMatchObject({ kind: "retry", hint: "agreement:hints.useButtons" });
    expect(step(s, tap("p", "judge"), NOW, TZ).kind).toBe("retry");
    // The first question of the first term has no Back.
    expect(step(s, { type: "back" }, NOW, TZ).kind).toBe("retry");
    go(s, tap("p", "citizen"));
    expect(step(s, text("x".repeat(TERM_ACTION_MAX_LENGTH + 1)), NOW, TZ)).toMatchObject({ kind: "retry", hint: "agreement:hints.actionTooLong" });
    expect(step(s, { type: "other" }, NOW, TZ).kind).toBe("retry");
    expect(step(s, tap("keep"), NOW, TZ).kind).toBe("retry"); // Keep only while editing
    go(s, text("Lets the cattle pass"));
    expect(step(s, tap("d", "2026-12-03"), NOW, TZ).kind).toBe("retry"); // yesterday
    expect(step(s, text("30.02.2027"), NOW, TZ)).toMatchObject({ kind: "retry", hint: "agreement:hints.date" });
    expect(step(s, text("01.12.2026"), NOW, TZ)).toMatchObject({ kind: "retry", hint: "agreement:hints.datePast" });
    expect(step(s, text("01.12.2040"), NOW, TZ)).toMatchObject({ kind: "retry", hint: "agreement:hints.dateFar" });
    expect(step(s, tap("pg", String(MAX_PAGE + 1)), NOW, TZ).kind).toBe("retry");
    expect(s).toMatchObject({ stage: "date", page: 0, terms: [] });
    go(s, text("5.1.2027"));
    expect(s.draft.dueDate).toBe("2027-01-05");
    expect(step(s, text("0"), NOW, TZ)).toMatchObject({ kind: "retry", hint: "agreement:hints.amount" });
    expect(s.stage).toBe("amount");
  });

  it("reads typed dates", () => {
    expect(parseTypedDate("25.12.2026")).toBe("2026-12-25");
    expect(parseTypedDate("5/1/2027")).toBe("2027-01-05");
    expect(parseTypedDate("2026-12-25")).toBe("2026-12-25");
    expect(parseTypedDate("31.11.2026")).toBeNull();
    expect(parseTypedDate("tomorrow")).toBeNull();
  });

  it("Back goes one step back, from the list to the last term's amount, and from a new term to the list", () => {
    const s = withOneTerm();
    go(s, { type: "back" });
    expect(s).toMatchObject({ stage: "amount", editing: 0 });
    go(s, { type: "back" }, { type: "back" }, { type: "back" });
    expect(s.stage).toBe("party");
    go(s, { type: "back" });
    expect(s).toMatchObject({ stage: "list", editing: null });
    expect(s.terms).toHaveLength(1);
    go(s, tap("add"), tap("p", "both"), { type: "back" }, { type: "back" });
    expect(s).toMatchObject({ stage: "list" });
    expect(s.terms).toHaveLength(1); // the half-entered term is dropped
  });

  it("Edit re-asks a term in its place; Keep leaves an answer as it was", () => {
    const s = withOneTerm();
    go(s, tap("add"), tap("p", "both"), text("Second"), tap("nd"), tap("skip"));
    expect(go(s, tap("edit"), tap("e", "3"))).toEqual(["moved", "retry"]);
    go(s, tap("e", "1"), tap("p", "citizen"), tap("keep"), tap("keep"), tap("keep"));
    expect(s.terms.map((t) => [t.party, t.action, t.dueDate, t.amountTenge])).toEqual([
      ["citizen", "Returns two sacks of grain", "2026-12-07", 50_000],
      ["both", "Second", null, null],
    ]);
    expect(s).toMatchObject({ stage: "list", editing: null });
  });

  it("stops adding at MAX_TERMS and says done", () => {
    const s = withOneTerm();
    while (s.terms.length < MAX_TERMS) go(s, tap("add"), tap("p", "both"), text("More"), tap("nd"), tap("skip"));
    expect(step(s, tap("add"), NOW, TZ).kind).toBe("retry");
    const t = i18n.t("en");
    const screen = termsScreen(s, { t, locale: "en", citizenName: "Aigul", requestCode: "KL-AB12C", now: NOW, timeZone: TZ });
    expect(screen.keyboard.inline_keyboard.flat().map((b) => b.text)).not.toContain(t("agreement:buttons.add"));
    expect(step(s, tap("done"), NOW, TZ).kind).toBe("done");
    expect(step(s, { type: "cancel" }, NOW, TZ).kind).toBe("cancel");
  });
});

describe("agreement terms: screens, buttons and messages", () => {
  it("every button's data fits in 64 bytes on every screen", () => {
    const s = withOneTerm();
    const t = i18n.t("kk");
    const seen: string[] = [];
    const look = () => {
      const screen = termsScreen(s, { t, locale: "kk", citizenName: "Айгүл", requestCode: "KL-AB12C", now: NOW, timeZone: TZ });
      for (const b of screen.keyboard.inline_keyboard.flat()) seen.push((b as { callback_data: string }).callback_data);
    };
    look();
    go(s, tap("edit"));
    look();
    go(s, tap("e", "1"));
    look();
    go(s, tap("p", "both"));
    look();
    go(s, tap("keep"), tap("pg", String(MAX_PAGE)));
    look();
    expect(seen.length).toBeGreaterThan(30);
    expect(seen.filter((d) => Buffer.byteLength(d) > 64)).toEqual([]);
    expect(seen).toContain("at:d:2027-12-10");
    expect(packAgreement({ type: "record", appointmentId: 123_456_789 }).length).toBeLessThanOrEqual(64);
  });

  it("parses the record button strictly", () => {
    expect(parseAgreement("ag:r:42")).toEqual({ type: "record", appointmentId: 42 });
    for (const bad of ["ag:r:0", "ag:r:-1", "ag:r:42:1", "ag:x:42", "ap:r:42", "ag:r:1234567890", "ag:r:"]) expect(parseAgreement(bad)).toBeNull();
  });

  it("escapes the terms in the message and splits ten long terms in two", () => {
    const terms = Array.from({ length: MAX_TERMS }, (_, i) => ({ id: i + 1, position: i + 1, party: "both" as const, action: `<b>${"ж".repeat(TERM_ACTION_MAX_LENGTH - 7)}</b>`, voiceFileId: null, voiceDuration: null, dueDate: null, amountTenge: null }));
    const saved = { requestId: 1, requestCode: "KL-AB12C", citizenName: "A & B", mediatorName: "Асқар", terms, recipients: [] };
    const messages = termsMessages(i18n, "ru", saved);
    expect(messages).toHaveLength(2);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(4000);
    expect(messages.join("\n")).not.toContain("<b>жж");
    expect(messages.join("\n")).toContain("&lt;b&gt;жж");
    expect(termsMessages(i18n, "kk", { ...saved, terms: terms.slice(0, 2) })).toHaveLength(1);
  });
});
