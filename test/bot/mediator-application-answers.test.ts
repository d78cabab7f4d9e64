// The application's decisions, without Telegram: inputs in, state and outcome out.
import { describe, expect, it } from "vitest";
import { packMediatorAction, parseMediatorAction, type MediatorAction } from "../../src/bot/callback-data/mediator-actions.js";
import { answer } from "../../src/bot/conversations/mediator-application/application-answers.js";
import type { ApplicationInput } from "../../src/bot/conversations/mediator-application/application-input.js";
import { question, type QuestionContext } from "../../src/bot/conversations/mediator-application/application-questions.js";
import { initialState, type ApplicationState } from "../../src/bot/conversations/mediator-application/application-state.js";
import { createI18n } from "../../src/bot/i18n.js";
import { bundledRegionDirectory } from "../../src/db/regions/load-regions.js";
import { draftFromApplication } from "../../src/domain/mediator-application.js";

const q: QuestionContext = { t: createI18n("en").t("en"), locale: "en", regions: bundledRegionDirectory() };
const tap = (what: string, value?: string): ApplicationInput => ({ type: "tap", what, value });
const text = (t: string): ApplicationInput => ({ type: "text", text: t });
const at = (step: ApplicationState["cursor"]["step"], patch: Partial<ApplicationState> = {}): ApplicationState => ({ ...initialState(), cursor: { step, editing: false }, ...patch });
const hint = (key: string) => ({ kind: "retry", hint: q.t(key) });

describe("mediator application answers", () => {
  it("choosing public drops a register number typed earlier and skips its question", () => {
    const state = at("kind", { draft: { ...initialState().draft, registryNumber: "№ 1" } });
    expect(answer(state, tap("kind", "public"), q)).toEqual({ kind: "moved", note: undefined, removeReplyKeyboard: false });
    expect(state.draft).toMatchObject({ kind: "public", registryNumber: null });
    expect(state.cursor.step).toBe("oblast");
  });

  it("rayons: ticks and unticks in place, keeps ticks across oblasts, refuses rayons of another oblast and an empty Done", () => {
    const state = at("oblast");
    expect(answer(state, tap("done"), q)).toEqual(hint("mediator:rayons.noneChosen"));
    answer(state, tap("oblast", "akmola"), q);
    expect(state.cursor.step).toBe("rayons");
    const burabay = q.regions.rayon("akmola.burabay")!.kato;
    expect(answer(state, tap("rayon", burabay), q)).toEqual({ kind: "redraw" });
    expect(state.draft.rayonCodes).toEqual(["akmola.burabay"]);
    expect(answer(state, tap("rayon", q.regions.rayon("abai.ayagoz")!.kato), q)).toEqual(hint("mediator:hints.staleButton"));
    answer(state, tap("another"), q);
    answer(state, tap("oblast", "abai"), q);
    answer(state, tap("rayon", q.regions.rayon("abai.ayagoz")!.kato), q);
    answer(state, tap("rayon", burabay), q); // not listed here: another oblast's rayon
    expect(state.draft.rayonCodes).toEqual(["akmola.burabay", "abai.ayagoz"]);
    answer(state, tap("rayon", q.regions.rayon("abai.ayagoz")!.kato), q);
    expect(state.draft.rayonCodes).toEqual(["akmola.burabay"]);
    expect(answer(state, tap("done"), q).kind).toBe("moved");
    expect(state.cursor.step).toBe("languages");
  });

  it("toggle steps: at least one, an All shortcut for disputes, foreign taps are stale, text is not an answer", () => {
    const state = at("specializations");
    expect(answer(state, tap("done"), q)).toEqual(hint("mediator:hints.chooseAtLeastOne"));
    expect(answer(state, tap("language", "kk"), q)).toEqual(hint("mediator:hints.staleButton"));
    expect(answer(state, text("family"), q)).toEqual(hint("mediator:hints.useButtons"));
    expect(answer(state, tap("all"), q)).toEqual({ kind: "redraw" });
    answer(state, tap("spec", "juvenile"), q);
    expect(state.draft.specializations).toEqual(["family", "neighbours", "property", "labour", "consumer", "inheritance", "other"]);
    answer(state, tap("done"), q);
    expect(state.cursor.step).toBe("modes");
  });

  it("maximum open cases: a button or a typed number in range", () => {
    const state = at("maxOpenCases");
    expect(answer(state, text("0"), q)).toEqual({ kind: "retry", hint: q.t("mediator:maxOpenCases.invalid", { max: 50 }) });
    expect(answer(state, tap("cases", "4"), q)).toEqual(hint("mediator:hints.staleButton")); // not one of the buttons
    answer(state, text("12"), q);
    expect(state.draft.maxOpenCases).toBe(12);
    const tapped = at("maxOpenCases");
    answer(tapped, tap("cases", "5"), q);
    expect(tapped.draft.maxOpenCases).toBe(5);
  });

  it("phone: someone else's contact is refused; the reply keyboard goes away once it is saved", () => {
    const state = at("phone");
    expect(answer(state, { type: "contact", phone: "+77011112233", own: false }, q)).toEqual(hint("mediator:phone.notOwnContact"));
    expect(answer(state, { type: "contact", phone: "77011112233", own: true }, q)).toEqual({ kind: "moved", note: "📱 Number saved: +77011112233", removeReplyKeyboard: true });
    expect(answer(at("phone"), { type: "back" }, q)).toEqual({ kind: "moved", removeReplyKeyboard: true });
  });

  it("an existing profile: the intro leads straight to the summary, which says it goes back to review", () => {
    const state = initialState(draftFromApplication({
      fullName: "Анна Ким", kind: "professional", registryNumber: "№ 7", rayonCodes: ["astana_city"], languages: ["ru"], specializations: ["family"],
      modes: ["video"], maxOpenCases: 2, phone: "+77012345678", bio: "Профессиональный медиатор, 10 лет практики.",
    }));
    expect(question(state, q).text).toContain("back to review");
    answer(state, tap("intro", "yes"), q);
    expect(state.cursor).toEqual({ step: "summary", editing: false });
    const card = question(state, q);
    expect(card.text).toContain(q.t("mediator:summary.reviewAgain"));
    expect(card.text).toContain("<b>Districts:</b>\nAstana");
    expect(card.inline?.inline_keyboard.flat().map((b) => b.text)).toContain("✏️ Register number");
    expect(answer(state, tap("edit", "registry"), q)).toEqual({ kind: "moved" });
    expect(state.cursor).toEqual({ step: "registry", editing: true });
  });

  it("cancel, data commands, other commands and stale taps", () => {
    expect(answer(at("bio"), { type: "cancel" }, q)).toEqual({ kind: "cancelled" });
    expect(answer(at("bio"), { type: "privacy" }, q)).toEqual({ kind: "handover" });
    expect(answer(at("bio"), { type: "command" }, q)).toEqual(hint("mediator:hints.inProgress"));
    expect(answer(at("bio"), { type: "stale" }, q)).toEqual(hint("mediator:hints.staleButton"));
    expect(answer(at("summary", { draft: { ...initialState().draft, kind: "public" } }), tap("edit", "registry"), q)).toEqual(hint("mediator:hints.staleButton"));
  });
});

describe("mediator workspace callback data", () => {
  it("packs and parses every action; forged shapes parse to null", () => {
    const actions: MediatorAction[] = [{ type: "profile" }, { type: "apply" }, { type: "edit", id: 1 }, { type: "pause", id: 42 }, { type: "resume", id: 999_999_999 }, { type: "cases", id: 7 }];
    for (const action of actions) expect(parseMediatorAction(packMediatorAction(action))).toEqual(action);
    for (const bad of ["mw", "mw:x", "mw:z", "mw:z:0", "mw:z:-1", "mw:z:1:2", "mw:p:1", "ma:z:1", "mw:z:1234567890", undefined]) expect(parseMediatorAction(bad)).toBeNull();
  });
});
