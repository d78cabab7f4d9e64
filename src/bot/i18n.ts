// i18next, initialised once with every catalogue under locales/{kk,ru,en}/*.json (one file per namespace).
// Handlers get a fixed-language `t` (one per language, shared by all updates); changeLanguage is never called
// because it is global and would race between concurrent updates.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import i18next, { type TFunction } from "i18next";
import { SUPPORTED_LOCALES, type Locale } from "../config.js";
import { projectRoot } from "../db/project-root.js";

export type Translate = TFunction;

export interface I18n {
  t(locale: Locale): Translate;
}

export function localesDir(): string {
  return path.join(projectRoot(), "locales");
}

/** { kk: { common: {...}, about: {...} }, ru: …, en: … } read from disk. */
export function readCatalogues(dir = localesDir()): Record<Locale, Record<string, unknown>> {
  const entries = SUPPORTED_LOCALES.map((locale) => {
    const folder = path.join(dir, locale);
    const namespaces = readdirSync(folder)
      .filter((f) => f.endsWith(".json"))
      .map((f) => [f.replace(/\.json$/, ""), JSON.parse(readFileSync(path.join(folder, f), "utf8")) as unknown] as const);
    return [locale, Object.fromEntries(namespaces)] as const;
  });
  return Object.fromEntries(entries) as Record<Locale, Record<string, unknown>>;
}

export function createI18n(defaultLocale: Locale, dir = localesDir()): I18n {
  const resources = readCatalogues(dir);
  const instance = i18next.createInstance();
  void instance.init({
    resources: resources as Record<string, Record<string, Record<string, unknown>>>,
    lng: defaultLocale,
    fallbackLng: false, // a missing key is a bug the catalogue test catches, not a silent English line
    supportedLngs: [...SUPPORTED_LOCALES],
    ns: Object.keys(resources[defaultLocale]),
    defaultNS: "common",
    initAsync: false,
    // Messages are sent as Telegram HTML: every interpolated value (a user's name…) is escaped.
    interpolation: { escapeValue: true },
    returnNull: false,
    showSupportNotice: false,
  });
  const fixed = new Map(SUPPORTED_LOCALES.map((locale) => [locale, fixedTranslate(instance, locale)]));
  return { t: (locale) => fixed.get(locale) ?? fixedTranslate(instance, locale) };
}

/** Strings without options kept per language (the catalogues hold about 1,500 keys per language). */
const PLAIN_CACHE_KEYS = 4_000;

/**
 * getFixedT(locale), built once per language instead of once per update. The common calls — t(key) and
 * t(key, { values }) — go straight to instance.t with the language set: i18next's own fixed-language function
 * copies all of its options into a fresh object on every call, which showed up in CPU profiles.
 */
function fixedTranslate(instance: typeof i18next, locale: Locale): Translate {
  const general = instance.getFixedT(locale);
  // t(key) without options always gives the same string (the catalogues never change while running): kept
  // after the first call. Bounded, because a key can be built from input (an unknown key answers itself).
  const plain = new Map<string, string>();
  const direct = (key: string | string[], options?: unknown, ...rest: unknown[]) => {
    if (options === undefined && rest.length === 0 && typeof key === "string") {
      const known = plain.get(key);
      if (known !== undefined) return known;
      const text = instance.t(key, { lng: locale });
      if (typeof text === "string" && plain.size < PLAIN_CACHE_KEYS) plain.set(key, text);
      return text;
    }
    if (rest.length === 0 && (options === undefined || (typeof options === "object" && options !== null && !("keyPrefix" in options)))) {
      const values = options as { lng?: string } | undefined;
      return instance.t(key, { ...values, lng: values?.lng || locale });
    }
    return (general as unknown as (...args: unknown[]) => string)(key, options, ...rest);
  };
  return Object.assign(direct, { lng: locale, ns: undefined, keyPrefix: undefined }) as unknown as Translate;
}
