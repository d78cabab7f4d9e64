// Callback data of the follow-up on agreement terms (tc:<checkId>:<d|p|y|n>, fu:<requestId>): round trips within
// Telegram's 64 bytes; anything else (forged, truncated, another feature's) is not ours.
import { describe, expect, it } from "vitest";
import { packTermCheck, parseTermCheck, type TermCheckAction } from "../../src/bot/callback-data/term-check.js";

describe("term check callback data", () => {
  const actions: TermCheckAction[] = [
    { type: "answer", checkId: 1, answer: "done" },
    { type: "answer", checkId: 42, answer: "partly" },
    { type: "answer", checkId: 2_147_483_647, answer: "not_yet" },
    { type: "answer", checkId: 7, answer: "not_done" },
    { type: "follow-up", requestId: 1 },
    { type: "follow-up", requestId: 2_147_483_647 },
  ];

  it.each(actions)("round-trips %j within 64 bytes", (action) => {
    const data = packTermCheck(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(parseTermCheck(data)).toEqual(action);
  });

  it("packs the short forms the buttons carry", () => {
    expect(packTermCheck({ type: "answer", checkId: 5, answer: "not_yet" })).toBe("tc:5:y");
    expect(packTermCheck({ type: "follow-up", requestId: 9 })).toBe("fu:9");
  });

  it.each([undefined, "", "tc", "tc:", "tc:1", "tc:1:", "tc:1:x", "tc:1:done", "tc:0:d", "tc:-1:d", "tc:01:d", "tc:1.5:d", "tc:abc:d", "tc:1:d:1",
    "tc:2147483648:d", "tc:99999999999:d", "tc:1:constructor", "tc:1:toString", "fu", "fu:", "fu:0", "fu:x", "fu:1:2", "fu:1:d", "fux:1", "cw:1", "of:1:a",
    `tc:1:${"d".repeat(70)}`])("rejects %j", (data) => {
    expect(parseTermCheck(data)).toBeNull();
  });
});
