import { describe, expect, it } from "vitest";
import {
  buildIcs, formatLocalDateTime, isProposable, localDate, localToInstant, planReminders, proposableDates, proposableTimes, proposeNudgeDue, SLOT_TIMES, zoneOffsetMinutes,
} from "../../src/domain/scheduling.js";

const TZ = "Asia/Almaty"; // UTC+5 all year since 1 March 2024

describe("zone arithmetic (UTC+5)", () => {
  it("knows the offset, before and after the 2024 change", () => {
    expect(zoneOffsetMinutes(new Date("2026-12-01T00:00:00Z"), TZ)).toBe(300);
    expect(zoneOffsetMinutes(new Date("2026-06-01T00:00:00Z"), TZ)).toBe(300);
  });
  it("converts local dates and times to instants and back, across a month boundary", () => {
    expect(localToInstant("2026-12-01", "00:30", TZ).toISOString()).toBe("2026-11-30T19:30:00.000Z");
    expect(localDate(new Date("2026-11-30T19:30:00Z"), TZ)).toBe("2026-12-01");
    expect(localDate(new Date("2026-11-30T18:59:00Z"), TZ)).toBe("2026-11-30");
    expect(localToInstant("2026-12-31", "23:30", TZ).toISOString()).toBe("2026-12-31T18:30:00.000Z");
  });
  it("works in another zone too (nothing assumes +5)", () => {
    expect(localToInstant("2026-07-01", "10:00", "Europe/Berlin").toISOString()).toBe("2026-07-01T08:00:00.000Z");
    expect(localToInstant("2026-12-01", "10:00", "Europe/Berlin").toISOString()).toBe("2026-12-01T09:00:00.000Z");
  });
});

describe("proposable slots", () => {
  // 22:10 local on 30 November: late evening at the end of a month.
  const now = new Date("2026-11-30T17:10:00Z");
  it("offers the next 14 local days, crossing into December", () => {
    const dates = proposableDates(now, TZ);
    expect(dates).toHaveLength(14);
    expect(dates[0]).toBe("2026-11-30");
    expect(dates[1]).toBe("2026-12-01");
    expect(dates[13]).toBe("2026-12-13");
  });
  it("never offers past times or the next hour; tomorrow is whole", () => {
    expect(proposableTimes("2026-11-30", now, TZ)).toEqual([]);
    expect(proposableTimes("2026-12-01", now, TZ)).toEqual(SLOT_TIMES);
    const morning = new Date("2026-12-01T04:05:00Z"); // 09:05 local
    expect(proposableTimes("2026-12-01", morning, TZ)[0]).toBe("10:30");
  });
  it("refuses instants outside the window", () => {
    expect(isProposable(localToInstant("2026-12-14", "10:00", TZ), now, TZ)).toBe(false);
    expect(isProposable(localToInstant("2026-12-13", "10:00", TZ), now, TZ)).toBe(true);
    expect(isProposable(new Date(now.getTime() + 30 * 60_000), now, TZ)).toBe(false);
  });
});

describe("reminder plan", () => {
  const start = localToInstant("2026-12-02", "10:00", TZ); // 05:00Z
  it("plans 24 h and 2 h before for both sides, then the follow-ups", () => {
    const plan = planReminders(start, 60, new Date("2026-11-30T12:00:00Z"));
    expect(plan.map((r) => `${r.kind}/${r.recipient}/${r.dueAt.toISOString()}`)).toEqual([
      "before_24h/citizen/2026-12-01T05:00:00.000Z",
      "before_24h/mediator/2026-12-01T05:00:00.000Z",
      "before_2h/citizen/2026-12-02T03:00:00.000Z",
      "before_2h/mediator/2026-12-02T03:00:00.000Z",
      "outcome_ask/mediator/2026-12-02T06:00:00.000Z",
      "rating_ask/citizen/2026-12-02T06:00:00.000Z",
      "nudge_outcome/mediator/2026-12-03T06:00:00.000Z",
    ]);
  });
  it("skips a 24 h reminder whose time has already passed at confirmation", () => {
    const plan = planReminders(start, 60, new Date("2026-12-01T20:00:00Z"));
    expect(plan.filter((r) => r.kind === "before_24h")).toEqual([]);
    expect(plan.filter((r) => r.kind === "before_2h")).toHaveLength(2);
  });
  it("nudges a silent mediator a day after accepting", () => {
    expect(proposeNudgeDue(new Date("2026-11-30T20:00:00Z")).toISOString()).toBe("2026-12-01T20:00:00.000Z");
  });
});

describe("dates as each language writes them", () => {
  const instant = localToInstant("2026-12-01", "10:30", TZ);
  it.each([
    ["kk", /желтоқсан/, /10:30/],
    ["ru", /декабря/, /10:30/],
    ["en", /December/, /10:30/],
  ])("%s", (locale, month, time) => {
    const text = formatLocalDateTime(instant, locale, TZ);
    expect(text).toMatch(month);
    expect(text).toMatch(time);
    expect(text).toMatch(/\b1\b/);
  });
});

describe(".ics", () => {
  it("is a valid one-event calendar in UTC with escaped text", () => {
    const ics = buildIcs({
      uid: "KL-ABCDE-1@kelisim", start: localToInstant("2026-12-01", "10:30", TZ), durationMinutes: 60,
      summary: "Медиация, KL-ABCDE", location: "Қараой ауылы әкімдігі, 3-бөлме; кіреберіс", now: new Date("2026-11-25T00:00:00Z"),
    });
    expect(ics.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(ics).toContain("DTSTART:20261201T053000Z\r\n");
    expect(ics).toContain("DTEND:20261201T063000Z\r\n");
    // Unfolded (RFC 5545 §3.1: CRLF + space continues the line), the place reads as typed, escaped.
    expect(ics.replace(/\r\n /g, "")).toContain("LOCATION:Қараой ауылы әкімдігі\\, 3-бөлме\\; кіреберіс\r\n");
    expect(ics.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
  });

  it("folds every line at 75 octets without splitting a Cyrillic letter, and no value can start a property", () => {
    const ics = buildIcs({
      uid: "u", start: new Date("2026-12-01T05:00:00Z"), durationMinutes: 60, now: new Date("2026-11-30T00:00:00Z"),
      summary: "Медиация: көршілер арасындағы жер дауы, Бурабай ауданы, Щучинск қаласы ".repeat(3),
      location: "Akimat\rATTENDEE:mailto:x@example.com\u0007\u001b", description: "line one\nline two\r\nline three",
    });
    const lines = ics.split("\r\n");
    for (const line of lines) expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    expect(lines.filter((l) => l.startsWith(" ")).length).toBeGreaterThan(2);
    expect(ics).not.toContain("\uFFFD");
    expect(Buffer.from(ics, "utf8").toString("utf8")).toBe(ics);
    const unfolded = ics.replace(/\r\n /g, "");
    expect(unfolded).toContain("LOCATION:Akimat\\nATTENDEE:mailto:x@example.com\r\n");
    expect(unfolded).toContain("DESCRIPTION:line one\\nline two\\nline three\r\n");
    expect(unfolded).toContain(`SUMMARY:${"Медиация: көршілер арасындағы жер дауы\\, Бурабай ауданы\\, Щучинск қаласы ".repeat(3)}\r\n`);
    // No bare CR or LF anywhere but in the CRLF line ends, and no other control character.
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(unfolded.split("\r\n").filter((l) => l.startsWith("ATTENDEE"))).toEqual([]);
  });
});
