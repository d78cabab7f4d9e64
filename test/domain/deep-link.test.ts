import { describe, expect, it } from "vitest";
import { deepLinkUrl, generateLinkCode, parseStartPayload, startPayload } from "../../src/domain/deep-link.js";

describe("deep links", () => {
  it("reads each kind and writes it back", () => {
    for (const payload of ["inv_Ab3dEf7hJk", "r_103200000", "claim_XyZ23456", "m_Kp8QrStUvW"]) {
      const link = parseStartPayload(payload);
      expect(link).toBeDefined();
      expect(startPayload(link!)).toBe(payload);
    }
    expect(parseStartPayload("r_103200000")).toEqual({ kind: "poster", kato: "103200000" });
  });

  it("ignores empty, unknown and malformed payloads", () => {
    for (const payload of [undefined, "", "hello", "inv_", "inv_ab", "inv_abc$def", "r_abai.aksuat", "r_", "m_" + "a".repeat(70), "x".repeat(65)]) {
      expect(parseStartPayload(payload)).toBeUndefined();
    }
  });

  it("builds t.me links", () => {
    expect(deepLinkUrl("kelisim_bot", { kind: "invitation", code: "Ab3dEf7hJk" })).toBe("https://t.me/kelisim_bot?start=inv_Ab3dEf7hJk");
  });

  it("generates codes of the given length without look-alike letters, all distinct", () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateLinkCode()));
    expect(codes.size).toBe(2000);
    for (const code of codes) {
      expect(code).toMatch(/^[A-Za-z0-9]{16}$/);
      expect(code).not.toMatch(/[01OIl]/);
      expect(parseStartPayload(`inv_${code}`)).toEqual({ kind: "invitation", code });
    }
  });
});
