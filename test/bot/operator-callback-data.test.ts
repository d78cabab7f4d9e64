import { describe, expect, it } from "vitest";
import { parse } from "../../src/bot/callback-data/actions.js";
import { packOperator, parseOperator, type OperatorAction } from "../../src/bot/callback-data/operator.js";

describe("operator callback data", () => {
  const actions: OperatorAction[] = [
    { type: "op-menu" },
    { type: "op-queue" },
    { type: "op-mediators", status: "active" },
    { type: "op-mediators", status: "suspended" },
    { type: "op-card", id: 1 },
    { type: "op-card", id: 999_999_999 },
    { type: "op-decide", decision: "approve", id: 7 },
    { type: "op-decide", decision: "reject", id: 7 },
    { type: "op-decide", decision: "suspend", id: 7 },
    { type: "op-decide", decision: "reactivate", id: 7 },
    { type: "op-team" },
    { type: "op-team-add" },
    { type: "op-team-remove-ask", telegramId: 7_001n },
    { type: "op-team-remove", telegramId: 4_503_599_627_370_495n },
    { type: "op-audit" },
    { type: "op-prompt-cancel" },
    { type: "op-prompt-skip" },
    { type: "op-erase-ask", requestId: 1 },
    { type: "op-erase", requestId: 999_999_999 },
  ];

  it.each(actions)("round-trips $type within Telegram's 64 bytes, under the \"op\" prefix only", (action) => {
    const data = packOperator(action);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(data.startsWith("op")).toBe(true);
    expect(parseOperator(data)).toEqual(action);
    expect(parse(data)).toBeNull(); // never taken for a citizen's action
  });

  it.each(["", "o", "opp", "op:1", "opq:1", "opl", "opl:x", "opl:a:1", "opc", "opc:0", "opc:-1", "opc:01", "opc:1e3", "opc:1234567890",
    "opy", "opy:", "opy:abc", "opn:1:2", "ops: 1", "opu:1.5", "opt:remove", "opx", "opx:0", "opx:12345678901234567", "opxy:abc",
    "opa:1", "opz:1", "opk:x", "ope", "ope:0", "opey:", "opey:1:2", "opey:abc", "opeyy:1", "q:1", "m", "x".repeat(65)])("rejects %j", (data) => {
    expect(parseOperator(data)).toBeNull();
  });
});
