import { describe, expect, it } from "vitest";
import { contractStart, isHeldSession, procedureCutoff, procedureDay, reminderDue } from "../../src/domain/procedure-clock.js";

const NOW = new Date("2026-12-04T09:00:00Z");
const daysBefore = (days: number, hours = 0) => new Date(NOW.getTime() - days * 86_400_000 - hours * 3_600_000);

describe("procedure clock", () => {
  it("counts only sessions that were confirmed or completed, have started, and were not a no-show", () => {
    expect(isHeldSession({ status: "confirmed", startsAt: daysBefore(1), outcome: null }, NOW)).toBe(true);
    expect(isHeldSession({ status: "completed", startsAt: daysBefore(1), outcome: "postponed" }, NOW)).toBe(true);
    expect(isHeldSession({ status: "completed", startsAt: daysBefore(1), outcome: "no_show" }, NOW)).toBe(false);
    expect(isHeldSession({ status: "confirmed", startsAt: new Date(NOW.getTime() + 60_000), outcome: null }, NOW)).toBe(false);
    expect(isHeldSession({ status: "proposed", startsAt: daysBefore(3), outcome: null }, NOW)).toBe(false);
    expect(isHeldSession({ status: "cancelled", startsAt: daysBefore(3), outcome: null }, NOW)).toBe(false);
    expect(isHeldSession({ status: "confirmed", startsAt: null, outcome: null }, NOW)).toBe(false);
  });

  it("takes the contract as signed at the earliest held session", () => {
    const sessions = [
      { status: "completed", startsAt: daysBefore(20), outcome: "postponed" },
      { status: "completed", startsAt: daysBefore(30), outcome: "no_show" },
      { status: "cancelled", startsAt: daysBefore(28), outcome: null },
      { status: "confirmed", startsAt: daysBefore(2), outcome: null },
    ];
    expect(contractStart(sessions, NOW)).toEqual(daysBefore(20));
    expect(contractStart([{ status: "completed", startsAt: daysBefore(30), outcome: "no_show" }], NOW)).toBeNull();
    expect(contractStart([], NOW)).toBeNull();
  });

  it("reminds from day 25: 24 days and 23 hours is not yet, 25 days is", () => {
    expect(procedureDay(daysBefore(24, 23), NOW)).toBe(24);
    expect(reminderDue(daysBefore(24, 23), NOW)).toBe(false);
    expect(procedureDay(daysBefore(25), NOW)).toBe(25);
    expect(reminderDue(daysBefore(25), NOW)).toBe(true);
    expect(procedureDay(new Date(NOW.getTime() + 3_600_000), NOW)).toBe(0);
    expect(procedureCutoff(NOW, 25)).toEqual(daysBefore(25));
  });
});
