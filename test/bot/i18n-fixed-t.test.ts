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

  it("is the same function for every update in one language", () => {
    expect(i18n.t("ru")).toBe(i18n.t("ru"));
    expect(i18n.t("ru")).not.toBe(i18n.t("en"));
  });
});
