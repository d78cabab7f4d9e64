// Every catalogue key exists, non-empty, in kk, ru and en; no key is unused; placeholders and
// HTML tags agree across languages, so one language cannot break where another works.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ABOUT_PAGES } from "../src/bot/about-pages.js";
import { COMMANDS } from "../src/bot/commands.js";
import { readCatalogues } from "../src/bot/i18n.js";
import { SUPPORTED_LOCALES } from "../src/config.js";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

const catalogues = readCatalogues();
const flat = Object.fromEntries(
  SUPPORTED_LOCALES.map((locale) => {
    const all = new Map<string, string>();
    for (const [ns, tree] of Object.entries(catalogues[locale])) for (const [k, v] of flatten(tree as Tree)) all.set(`${ns}:${k}`, v);
    return [locale, all];
  }),
) as Record<(typeof SUPPORTED_LOCALES)[number], Map<string, string>>;
const allKeys = [...new Set(SUPPORTED_LOCALES.flatMap((l) => [...flat[l].keys()]))].sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === "generated" ? [] : sourceFiles(full);
    return full.endsWith(".ts") ? [full] : [];
  });
}

/** Keys the code uses: literal t("…") calls, plus the families built from registries in code. */
function usedKeys(): Set<string> {
  const used = new Set<string>();
  const source = sourceFiles("src").map((f) => readFileSync(f, "utf8")).join("\n");
  // Any string literal shaped like a key ("menu.title", "about:menuTitle"), wherever it is passed to t().
  for (const match of source.matchAll(/"((?:[a-z]+:)?[a-zA-Z]+(?:\.[a-zA-Z]+)*)"/g)) used.add(match[1]!.includes(":") ? match[1]! : `common:${match[1]}`);
  for (const id of ABOUT_PAGES) for (const part of ["button", "title", "body"]) used.add(`about:pages.${id}.${part}`);
  for (const command of COMMANDS) used.add(`common:commands.${command}`);
  for (const locale of SUPPORTED_LOCALES) used.add(`common:language.names.${locale}`);
  return used;
}

describe("locale catalogues", () => {
  it.each(SUPPORTED_LOCALES)("%s has every key, none empty", (locale) => {
    const missing = allKeys.filter((k) => !flat[locale].has(k));
    const empty = [...flat[locale]].filter(([, v]) => v.trim() === "").map(([k]) => k);
    expect({ missing, empty }).toEqual({ missing: [], empty: [] });
  });

  it("has no unused key, and the code uses no missing key", () => {
    const used = usedKeys();
    expect(allKeys.filter((k) => !used.has(k))).toEqual([]);
    // Literal t("…") keys must exist (other literals merely look like keys).
    const source = sourceFiles("src").map((f) => readFileSync(f, "utf8")).join("\n");
    const called = [...source.matchAll(/\bt\(\s*"([^"]+)"/g)].map((m) => (m[1]!.includes(":") ? m[1]! : `common:${m[1]}`));
    expect(called.length).toBeGreaterThan(10);
    expect(called.filter((k) => !flat.en.has(k))).toEqual([]);
  });

  it("uses the same placeholders and HTML tags in every language", () => {
    const shape = (text: string) => ({
      placeholders: [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort(),
      tags: [...text.matchAll(/<\/?([a-z-]+)/g)].map((m) => m[0]).sort(),
    });
    for (const key of allKeys) {
      const en = shape(flat.en.get(key) ?? "");
      expect({ key, ...shape(flat.kk.get(key) ?? "") }).toEqual({ key, ...en });
      expect({ key, ...shape(flat.ru.get(key) ?? "") }).toEqual({ key, ...en });
    }
  });

  it("writes Kazakh in Cyrillic with Kazakh letters, not transliterated Russian", () => {
    const kk = [...flat.kk.values()].join(" ");
    expect(kk).toMatch(/[әіңғүұқөһ]/);
    expect(kk).not.toMatch(/непрофессиональн/i);
  });

  it("keeps every message within Telegram's 4096 characters", () => {
    for (const locale of SUPPORTED_LOCALES) for (const [key, value] of flat[locale]) expect({ key, long: value.length > 3500 }).toEqual({ key, long: false });
  });
});
