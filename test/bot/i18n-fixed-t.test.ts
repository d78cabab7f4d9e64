// The per-language `t` is built once and calls i18next directly for t(key) and t(key, values); it must answer
// exactly as i18next's own getFixedT does (plurals, escaping, namespaces, other call shapes).
import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { SUPPORTED_LOCALES } from "../../src/config.js";
import { createI18n, readCatalogues } from "../../src/bot/i18n.js";

function referenceI18n() {
  const resources = readCatalogues();
  const instance = i18next.createInstance();
  void instance.init({
    resources: resources as Record<string, Record<string, Record<string, unknown>>>,
    lng: "kk",
    fallbackLng: false,
    supportedLngs: [...SUPPORTED_LOCALES],
    ns: Object.keys(resources.kk),
    defaultNS: "common",
    initAsync: false,
    interpolation: { escapeValue: true },
    returnNull: false,
    showSupportNotice: false,
  });
  return instance;
}

describe("fixed-language t", () => {
  const i18n = createI18n("kk");
  const reference = referenceI18n();

  it.each(SUPPORTED_LOCALES)("answers in '%s' as i18next's getFixedT does", (locale) => {
    const t = i18n.t(locale);
    const expected = reference.getFixedT(locale);
    const calls: Array<[string | string[], unknown?]> = [
      ["start.welcome", { name: "<Айгүл & Co>" }],
      ["menu.title"],
      ["digest:newRequests", { count: 1 }],
      ["digest:newRequests", { count: 3 }],
      ["digest:newRequests", { count: 25 }],
      [["no.such.key", "menu.title"]],
      ["menu.title", { lng: "ru" }],
      ["no.such.key", "a default"],
    ];
    for (const [key, options] of calls) {
      expect((t as unknown as (...a: unknown[]) => string)(key, options)).toBe((expected as unknown as (...a: unknown[]) => string)(key, options));
    }
  });

  it("keeps t(key) strings per language: asked again, in another language, or unknown, still as i18next answers", () => {
    for (let round = 0; round < 2; round++) {
      for (const locale of SUPPORTED_LOCALES) {
        const expected = reference.getFixedT(locale);
        for (const key of ["menu.title", "help.intro", "about:menuTitle", "no.such.key"]) expect(i18n.t(locale)(key)).toBe(expected(key));
        // Kept strings never stand in for a call with values.
        expect(i18n.t(locale)("start.welcome", { name: "<b>" })).toBe(expected("start.welcome", { name: "<b>" }));
      }
    }
    expect(i18n.t("kk")("menu.title")).not.toBe(i18n.t("ru")("menu.title"));
  });

  it("is the same function for every update in one language", () => {
    expect(i18n.t("ru")).toBe(i18n.t("ru"));
    expect(i18n.t("ru")).not.toBe(i18n.t("en"));
  });
});
