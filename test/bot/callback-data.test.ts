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
    { type: "request-mediator" },
    { type: "my-requests" },
    { type: "request-details", id: 1 },
    { type: "request-details", id: 999_999_999 },
    { type: "request-cancel-ask", id: 42 },
    { type: "request-cancel-confirm", id: 42 },
    { type: "erase-ask" },
    { type: "erase-confirm" },
    { type: "erase-keep" },
  ];

  it.each(actions)("round-trips $type within Telegram's 64 bytes", (action) => {
    const data = pack(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parse(data)).toEqual(action);
  });

  it.each(["", "x", "l:de", "a:-1", "a:abc", "a:1:2", "s:admin", "m:1", "x".repeat(65),
    // Request ids: positive integers of at most 9 digits, nothing else.
    "q:0", "q:-1", "q:01", "q:1.5", "q:1e3", "q:abc", "q:", "q: 1", "q:1234567890", "q:1:2", "qc", "qc:", "qc:0", "qy", "qy:x", "qy:12a",
    "e:", "e:y", "e:YES", "e:no:1"])("rejects %j", (data) => {
    expect(parse(data)).toBeNull();
  });
});
