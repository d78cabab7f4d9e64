import { describe, expect, it } from "vitest";
import { preferredLocale, recipientLocale, resolveLocale } from "../../src/domain/locale.js";

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

describe("recipientLocale (every message the bot sends on its own)", () => {
  it("the chosen language, else Telegram's when spoken, else the default", () => {
    expect(recipientLocale({ locale: "en", telegramLanguage: "ru" }, "kk")).toBe("en");
    expect(recipientLocale({ locale: null, telegramLanguage: "ru" }, "kk")).toBe("ru");
    expect(recipientLocale({ locale: null, telegramLanguage: "en-US" }, "kk")).toBe("en");
    expect(recipientLocale({ locale: null, telegramLanguage: "de" }, "kk")).toBe("kk");
    expect(recipientLocale({ locale: null, telegramLanguage: null }, "ru")).toBe("ru");
    expect(recipientLocale({ locale: "xx" }, "kk")).toBe("kk");
  });
  it("someone we do not know gets the default", () => {
    expect(recipientLocale(null, "kk")).toBe("kk");
    expect(recipientLocale(undefined, "en")).toBe("en");
  });
  it("preferredLocale is the same rule without the default", () => {
    expect(preferredLocale(null, "ru_RU")).toBe("ru");
    expect(preferredLocale(null, "de")).toBeNull();
    expect(preferredLocale("kk", "en")).toBe("kk");
  });
});
