import { describe, expect, it } from "vitest";
import {
  checkBio, checkFullName, checkRegistryNumber, draftFromApplication, emptyDraft, nextStep, parseMaxOpenCases, previousStep, toApplication, toggle,
  type ApplicationDraft,
} from "../../src/domain/mediator-application.js";
import { CATEGORIES, SESSION_LANGUAGES } from "../../src/domain/request.js";

describe("mediator application navigation", () => {
  it("walks forward, asking the register number only of professionals", () => {
    expect(nextStep({ step: "intro", editing: false }, undefined)).toEqual({ step: "fullName", editing: false });
    expect(nextStep({ step: "kind", editing: false }, "professional")).toEqual({ step: "registry", editing: false });
    expect(nextStep({ step: "kind", editing: false }, "public")).toEqual({ step: "oblast", editing: false });
    expect(nextStep({ step: "registry", editing: false }, "professional")).toEqual({ step: "oblast", editing: false });
    expect(nextStep({ step: "oblast", editing: false }, "public")).toEqual({ step: "rayons", editing: false });
    expect(nextStep({ step: "rayons", editing: false }, "public")).toEqual({ step: "languages", editing: false });
    expect(nextStep({ step: "bio", editing: false }, "public")).toEqual({ step: "summary", editing: false });
  });

  it("Back goes to the previous question, skipping the register number for public mediators, never before the intro", () => {
    expect(previousStep({ step: "oblast", editing: false }, "public")).toEqual({ step: "kind", editing: false });
    expect(previousStep({ step: "oblast", editing: false }, "professional")).toEqual({ step: "registry", editing: false });
    expect(previousStep({ step: "rayons", editing: false }, "public")).toEqual({ step: "oblast", editing: false });
    expect(previousStep({ step: "fullName", editing: false }, undefined)).toEqual({ step: "intro", editing: false });
    expect(previousStep({ step: "intro", editing: false }, undefined)).toEqual({ step: "intro", editing: false });
  });

  it("editing one field returns to the summary; rayons and a new professional's number are asked on the way", () => {
    expect(nextStep({ step: "phone", editing: true }, "public")).toEqual({ step: "summary", editing: false });
    expect(nextStep({ step: "kind", editing: true }, "public")).toEqual({ step: "summary", editing: false });
    expect(nextStep({ step: "kind", editing: true }, "professional")).toEqual({ step: "registry", editing: true });
    expect(nextStep({ step: "registry", editing: true }, "professional")).toEqual({ step: "summary", editing: false });
    expect(nextStep({ step: "oblast", editing: true }, "public")).toEqual({ step: "rayons", editing: true });
    expect(nextStep({ step: "rayons", editing: true }, "public")).toEqual({ step: "summary", editing: false });
    expect(previousStep({ step: "bio", editing: true }, "public")).toEqual({ step: "summary", editing: false });
    expect(previousStep({ step: "oblast", editing: true }, "public")).toEqual({ step: "summary", editing: false });
    expect(previousStep({ step: "rayons", editing: true }, "public")).toEqual({ step: "oblast", editing: true });
    expect(previousStep({ step: "registry", editing: true }, "professional")).toEqual({ step: "kind", editing: true });
  });
});

describe("mediator application checks", () => {
  it("full names: letters with spaces, hyphens, apostrophes; collapsed spaces; at most 120 characters", () => {
    expect(checkFullName("  Серік   Әбенұлы  Қасымов ")).toEqual({ ok: true, value: "Серік Әбенұлы Қасымов" });
    expect(checkFullName("Anna-Maria O'Neil")).toEqual({ ok: true, value: "Anna-Maria O'Neil" });
    for (const bad of ["12345", "A", "Серік 2", "<b>Bob</b>", ""]) expect(checkFullName(bad)).toEqual({ ok: false, problem: "not-letters" });
    expect(checkFullName("А".repeat(121))).toEqual({ ok: false, problem: "too-long" });
    expect(checkFullName("А".repeat(120)).ok).toBe(true);
  });

  it("register numbers: 3–40 letters, digits, '-', '№' and spaces", () => {
    for (const good of ["№ 0123", "PM-2024-15", "ҚМ 15", "123"]) expect(checkRegistryNumber(good)).toEqual({ ok: true, value: good });
    expect(checkRegistryNumber("  № 12   34 ")).toEqual({ ok: true, value: "№ 12 34" });
    for (const bad of ["12", "#!", "---", "№ 1/2", "x".repeat(41)]) expect(checkRegistryNumber(bad)).toEqual({ ok: false, problem: "invalid" });
  });

  it("bios: 20–600 characters, trimmed", () => {
    expect(checkBio("  Ауылдағы отбасылық дауларды қараймын.  ")).toEqual({ ok: true, value: "Ауылдағы отбасылық дауларды қараймын." });
    expect(checkBio("I mediate.")).toEqual({ ok: false, problem: "too-short" });
    expect(checkBio("x".repeat(601))).toEqual({ ok: false, problem: "too-long" });
  });

  it("maximum open cases: whole numbers from 1 to 50", () => {
    expect(parseMaxOpenCases(" 7 ")).toBe(7);
    expect(parseMaxOpenCases("50")).toBe(50);
    for (const bad of ["0", "51", "99", "2.5", "-1", "two", "", "1000"]) expect(parseMaxOpenCases(bad)).toBeNull();
  });

  it("toggles add and remove a value, keeping the order of the buttons", () => {
    expect(toggle(["ru"], "kk", SESSION_LANGUAGES)).toEqual(["kk", "ru"]);
    expect(toggle(["kk", "ru"], "kk", SESSION_LANGUAGES)).toEqual(["ru"]);
    expect(toggle([], "other", CATEGORIES)).toEqual(["other"]);
  });
});

describe("mediator application draft", () => {
  const complete: ApplicationDraft = {
    fullName: "Анна Ким", kind: "public", registryNumber: null, rayonCodes: ["akmola.burabay"], languages: ["ru"], specializations: ["family"],
    modes: ["phone"], maxOpenCases: 2, phone: "+77012345678", bio: "Общественный медиатор при акимате.",
  };

  it("becomes an application only when every answer is there", () => {
    expect(toApplication(complete)).toEqual({ ...complete });
    expect(toApplication(emptyDraft())).toBeNull();
    for (const list of ["rayonCodes", "languages", "specializations", "modes"] as const) expect(toApplication({ ...complete, [list]: [] })).toBeNull();
    expect(toApplication({ ...complete, bio: undefined })).toBeNull();
  });

  it("a professional needs a register number; a public mediator never keeps one", () => {
    expect(toApplication({ ...complete, kind: "professional", registryNumber: null })).toBeNull();
    expect(toApplication({ ...complete, kind: "professional", registryNumber: "№ 1" })?.registryNumber).toBe("№ 1");
    expect(toApplication({ ...complete, kind: "public", registryNumber: "№ 1" })?.registryNumber).toBeNull();
  });

  it("a stored profile becomes a draft that survives JSON (conversation state) unchanged", () => {
    const profile = { ...toApplication(complete)!, id: 1, userId: 2, telegramId: 3n, status: "active", paused: false, decisionReason: null, createdAt: new Date() };
    const draft = draftFromApplication(profile);
    expect(JSON.parse(JSON.stringify(draft))).toEqual(draft);
    expect(toApplication(draft)).toEqual(toApplication(complete));
  });
});
