import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/bot/helpers/escape-html.js";
import { formatDate } from "../../src/bot/helpers/format-date.js";
import { splitMessage } from "../../src/bot/helpers/split-message.js";

describe("escapeHtml", () => {
  it("escapes what Telegram HTML would read as markup, and nothing else", () => {
    expect(escapeHtml(`<b>Bob</b> & "Co" — Әсел's`)).toBe("&lt;b&gt;Bob&lt;/b&gt; &amp; &quot;Co&quot; — Әсел's");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;"); // typed text is never taken for an entity
  });
});

describe("formatDate", () => {
  // 20:00 UTC is already the next day in Kazakhstan (UTC+5).
  const lateEvening = new Date("2026-03-12T20:00:00Z");
  it.each([
    ["kk", "2026 ж. 13 наурыз"],
    ["ru", "13 марта 2026 г."],
    ["en", "13 March 2026"],
  ] as const)("writes a date in %s in the configured time zone", (locale, expected) => {
    expect(formatDate(lateEvening, locale, "Asia/Almaty")).toBe(expected);
    expect(formatDate(lateEvening, locale, "UTC")).not.toBe(expected);
  });
});

describe("splitMessage", () => {
  it("joins blocks while they fit, never cutting one", () => {
    expect(splitMessage(["a", "b", "c"], 10)).toEqual(["a\n\nb\n\nc"]);
    expect(splitMessage(["aaaa", "bbbb", "cccc"], 10)).toEqual(["aaaa\n\nbbbb", "cccc"]);
    expect(splitMessage(["a".repeat(20), "b"], 10)).toEqual(["a".repeat(20), "b"]);
    expect(splitMessage([], 10)).toEqual([]);
  });
});
