import { describe, expect, it } from "vitest";
import { checkDescription, checkName, nextStep, previousStep } from "../../src/domain/intake.js";
import { normalizePhone } from "../../src/domain/phone.js";
import { distanceKm, nearest } from "../../src/domain/geo.js";
import { generateRequestCode, isRequestCode } from "../../src/domain/request-code.js";
import { canTransition, citizenCanCancel, REQUEST_STATUSES } from "../../src/domain/request-lifecycle.js";

describe("intake navigation", () => {
  it("walks forward through the questions in order", () => {
    expect(nextStep({ step: "consent", editing: false })).toEqual({ step: "category", editing: false });
    expect(nextStep({ step: "phone", editing: false })).toEqual({ step: "summary", editing: false });
  });
  it("Back goes to the previous question, never before the first", () => {
    expect(previousStep({ step: "description", editing: false })).toEqual({ step: "category", editing: false });
    expect(previousStep({ step: "consent", editing: false })).toEqual({ step: "consent", editing: false });
  });
  it("editing one field returns to the summary after it; a place edit asks oblast then rayon", () => {
    expect(nextStep({ step: "mode", editing: true })).toEqual({ step: "summary", editing: false });
    expect(nextStep({ step: "oblast", editing: true })).toEqual({ step: "rayon", editing: true });
    expect(nextStep({ step: "rayon", editing: true })).toEqual({ step: "summary", editing: false });
    expect(previousStep({ step: "name", editing: true })).toEqual({ step: "summary", editing: false });
    expect(previousStep({ step: "rayon", editing: true })).toEqual({ step: "oblast", editing: true });
  });
});

describe("answers", () => {
  it("checks descriptions", () => {
    expect(checkDescription("  Көршім сиырын менің егініме жіберді  ")).toEqual({ ok: true, value: "Көршім сиырын менің егініме жіберді" });
    expect(checkDescription("cow")).toEqual({ ok: false, problem: "too-short" });
    expect(checkDescription("x".repeat(1501))).toEqual({ ok: false, problem: "too-long" });
  });
  it("checks names", () => {
    expect(checkName("  Айгүл   Серікқызы ")).toEqual({ ok: true, value: "Айгүл Серікқызы" });
    expect(checkName("12345")).toEqual({ ok: false, problem: "no-letters" });
    expect(checkName("a".repeat(81))).toEqual({ ok: false, problem: "too-long" });
  });
  it.each([
    ["+7 701 234 56 78", "+77012345678"],
    ["8 (701) 234-56-78", "+77012345678"],
    ["87012345678", "+77012345678"],
    ["77012345678", "+77012345678"],
    ["7012345678", "+77012345678"],
    ["+7 727 250 00 00", "+77272500000"],
  ])("normalises %s", (input, expected) => expect(normalizePhone(input)).toBe(expected));
  it.each(["12345", "+998 90 123 45 67", "+7 012 345 67 89", "phone", "+7701234567899", "8-701-234-56-7"])("rejects %s", (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe("geography", () => {
  it("measures great-circle distances", () => {
    // Astana ↔ Almaty is about 970 km in a straight line.
    const d = distanceKm({ latitude: 51.1605, longitude: 71.4704 }, { latitude: 43.2383, longitude: 76.9454 });
    expect(d).toBeGreaterThan(950);
    expect(d).toBeLessThan(990);
  });
  it("picks the nearest unit deterministically (first on ties)", () => {
    const units = [{ id: "a", latitude: 50, longitude: 70 }, { id: "b", latitude: 50, longitude: 70 }, { id: "c", latitude: 45, longitude: 70 }];
    expect(nearest({ latitude: 49.9, longitude: 70 }, units)?.unit.id).toBe("a");
    expect(nearest({ latitude: 45.1, longitude: 70 }, units)?.unit.id).toBe("c");
    expect(nearest({ latitude: 0, longitude: 0 }, [])).toBeNull();
  });
});

describe("request codes and lifecycle", () => {
  it("makes readable codes", () => {
    let i = 0;
    const code = generateRequestCode(() => [0, 0.5, 0.99, 0.2, 0.7][i++]!);
    expect(code).toMatch(/^KL-[2-9A-Z]{5}$/);
    expect(isRequestCode(code)).toBe(true);
    expect(isRequestCode("KL-0O1IL")).toBe(false);
  });
  it("lets a citizen cancel until the request is finished", () => {
    expect(REQUEST_STATUSES.filter(citizenCanCancel)).toEqual(["submitted", "offered", "accepted", "scheduled", "unmatched"]);
    expect(canTransition("completed", "cancelled")).toBe(false);
    expect(canTransition("submitted", "offered")).toBe(true);
  });
});
