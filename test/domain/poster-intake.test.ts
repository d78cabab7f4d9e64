// The intake's two issue #9 variants, without Telegram: a poster's rayon offered at the place step, and
// the assisted mode's consent, name and phone questions.
import { describe, expect, it } from "vitest";
import { answer } from "../../src/bot/conversations/intake/intake-answers.js";
import type { IntakeInput } from "../../src/bot/conversations/intake/intake-input.js";
import { question, type QuestionContext } from "../../src/bot/conversations/intake/intake-questions.js";
import { initialState, type IntakeState } from "../../src/bot/conversations/intake/intake-state.js";
import { createI18n } from "../../src/bot/i18n.js";
import { bundledRegionDirectory } from "../../src/db/regions/load-regions.js";

const t = createI18n("en").t("en");
const q: QuestionContext = { t, locale: "en", regions: bundledRegionDirectory(), telegramName: "Aigul" };
const assisted: QuestionContext = { ...q, telegramName: "", assisted: true };
const tap = (what: string, value?: string): IntakeInput => ({ type: "tap", what, value });
const NOW = "2026-11-25T06:00:00.000Z";
const at = (step: IntakeState["cursor"]["step"], preferred?: string): IntakeState => ({ ...initialState(preferred), cursor: { step, editing: false } });

describe("intake: the poster's rayon", () => {
  it("is offered at the place step; Yes takes it and moves on to the meeting mode", () => {
    const state = at("oblast", "akmola.burabay");
    const shown = question(state, q);
    expect(shown.text).toBe("📍 <b>Your district:</b> Burabay District, Akmola Region. Is that right?");
    expect(shown.replyIntro).toBeUndefined();
    expect(answer(state, tap("preferred", "yes"), q, NOW)).toMatchObject({ kind: "moved", removeReplyKeyboard: true });
    expect(state.draft.rayonCode).toBe("akmola.burabay");
    expect(state.cursor).toEqual({ step: "mode", editing: false });
  });

  it("Change leads to the ordinary oblast list for the rest of the intake", () => {
    const state = at("oblast", "akmola.burabay");
    expect(answer(state, tap("preferred", "no"), q, NOW)).toEqual({ kind: "redraw" });
    expect(state.preferredRayon).toBeUndefined();
    expect(question(state, q).text).toBe(t("intake:place.oblastQuestion"));
    answer(state, tap("oblast", "abai"), q, NOW);
    answer(state, tap("rayon", q.regions.rayon("abai.ayagoz")!.kato), q, NOW);
    expect(state.draft.rayonCode).toBe("abai.ayagoz");
  });

  it("editing the place from the summary offers it again and returns to the summary", () => {
    const state = at("oblast", "akmola.burabay");
    answer(state, tap("preferred", "yes"), q, NOW);
    state.cursor = { step: "summary", editing: false };
    answer(state, tap("edit", "oblast"), q, NOW);
    expect(question(state, q).text).toContain("Your district:");
    answer(state, tap("preferred", "yes"), q, NOW);
    expect(state.cursor).toEqual({ step: "summary", editing: false });
  });

  it("other taps at that question get the 'use the buttons' hint", () => {
    expect(answer(at("oblast", "akmola.burabay"), tap("oblast", "abai"), q, NOW)).toEqual({ kind: "retry", hint: t("intake:hints.useButtons") });
  });
});

describe("intake: assisted mode", () => {
  it("asks the filer to confirm oral consent, and the person's name and phone without Telegram shortcuts", () => {
    const consent = question(at("consent"), assisted);
    expect(consent.text).toContain("Did the person agree to this orally?");
    expect(consent.inline?.inline_keyboard.flat().map((b) => b.text)).toEqual(["✅ The person agreed orally", "📄 Read more", "✖️ The person did not agree"]);
    const state = at("consent");
    answer(state, tap("consent", "yes"), assisted, NOW);
    expect(state.draft.consentAt).toBe(NOW);
    expect(question(at("name"), assisted).inline?.inline_keyboard.flat().map((b) => b.text)).toEqual([t("intake:nav.back"), t("intake:nav.cancel")]);
    expect(question(at("phone"), assisted).reply).toBeUndefined();
  });

  it("takes a shared contact of the person, never the filer's own", () => {
    const state = at("phone");
    expect(answer(state, { type: "contact", phone: "+77010000000", own: true }, assisted, NOW)).toEqual({ kind: "retry", hint: t("assisted:phone.ownContact") });
    answer(state, { type: "contact", phone: "+7 701 222 33 44", own: false }, assisted, NOW);
    expect(state.draft.contactPhone).toBe("+77012223344");
    // A person filing for themselves still may not share someone else's contact.
    expect(answer(at("phone"), { type: "contact", phone: "+77010000000", own: false }, q, NOW)).toEqual({ kind: "retry", hint: t("intake:phone.notOwnContact") });
  });
});
