import { describe, expect, it } from "vitest";
import { resolveLocale } from "../../src/domain/locale.js";

describe("resolveLocale", () => {
  it("prefers the saved choice", () => expect(resolveLocale("en", "ru", "kk")).toBe("en"));
  it("uses Telegram's language when we speak it", () => {
    expect(resolveLocale(null, "ru", "kk")).toBe("ru");
    expect(resolveLocale(null, "en-GB", "kk")).toBe("en");
    expect(resolveLocale(undefined, "KK", "ru")).toBe("kk");
  });
  it("falls back to the default for other languages and garbage", () => {
    expect(resolveLocale(null, "de", "kk")).toBe("kk");
    expect(resolveLocale("xx", undefined, "kk")).toBe("kk");
    expect(resolveLocale(null, "", "ru")).toBe("ru");
  });
});
