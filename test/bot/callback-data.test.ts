import { describe, expect, it } from "vitest";
import { pack, parse, type Action } from "../../src/bot/callback-data/actions.js";

describe("callback data", () => {
  const actions: Action[] = [
    { type: "menu" },
    { type: "help" },
    { type: "about-topics" },
    { type: "about-page", page: 0 },
    { type: "about-page", page: 7 },
    { type: "language-picker" },
    { type: "set-language", locale: "kk" },
    { type: "coming-later", feature: "myRequests" },
  ];

  it.each(actions)("round-trips $type within Telegram's 64 bytes", (action) => {
    const data = pack(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parse(data)).toEqual(action);
  });

  it.each(["", "x", "l:de", "a:-1", "a:abc", "a:1:2", "s:admin", "m:1", "x".repeat(65)])("rejects %j", (data) => {
    expect(parse(data)).toBeNull();
  });
});
