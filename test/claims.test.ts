// The claims register (docs/claims.md) lists every legal or factual sentence the bot can send, with its source
// in the law notes. This test keeps it honest both ways: a listed key must still exist, and a catalogue string that
// uses a legal word must have a row — or be on the short allow-list below, with the reason it claims nothing.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCatalogues } from "../src/bot/i18n.js";
import { SUPPORTED_LOCALES } from "../src/config.js";

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Array<[string, string]> {
  return Object.entries(tree).flatMap(([key, value]) => (typeof value === "string" ? [[prefix + key, value] as [string, string]] : flatten(value, `${prefix}${key}.`)));
}

/** i18next plural forms fold into their base key ("erase.keptStatistics_one" → "erase.keptStatistics"). */
const baseKey = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");

/** Every catalogue string by base key, in every language. */
function catalogueTexts(): Map<string, Array<{ locale: string; text: string }>> {
  const catalogues = readCatalogues();
  const texts = new Map<string, Array<{ locale: string; text: string }>>();
  for (const locale of SUPPORTED_LOCALES) {
    for (const [ns, tree] of Object.entries(catalogues[locale])) {
      for (const [key, text] of flatten(tree as Tree)) {
        const id = `${ns}:${baseKey(key)}`;
        texts.set(id, [...(texts.get(id) ?? []), { locale, text }]);
      }
    }
  }
  return texts;
}

/**
 * Words that make a sentence a legal or factual claim, in kk, ru and en (stems; `(?<!\p{L})` marks the start of a
 * word, since `\b` does not see Cyrillic letters).
 */
export const LEGAL_WORDS: readonly RegExp[] = [
  /(?<!\p{L})заң(?!гер)/iu, /закон(?!ч)/iu, /\blaws?\b/iu, // law (not «заңгер» lawyer, not «закончить»)
  /\d+-бап/iu, /ст\.\s?\d|(?<!\p{L})стать[яиюе]/iu, /\bart(icle)?\.?\s?\d/iu, // article of a law
  /(?<!\p{L})сот(?!руд)/iu, /(?<!\p{L})суд/iu, /\bcourts?\b/iu, /\bjudges?\b/iu, // court, judge (not «сотрудник»)
  /(?<!\p{L})баж/iu, /пошлин/iu, /\bfees?\b/iu, // state fee, fee
  /тегін/iu, /бесплатн/iu, /\bfree\b/iu, /ақылы|ақысы/iu, /платн|оплат/iu, /\bpaid\b/iu, // free, paid
  /мемлекеттік тізілім|кәсіби медиаторлар тізілім/iu, /государственн\p{L}* реестр|реестр\p{L}* (профессиональн|общественн)/iu, /state register|register of (professional|public)/iu,
  /атқару парағ/iu, /исполнительн\p{L}* лист/iu, /writ of execution/iu, // writ of execution
  /кассац|cassation|апелляц|\bappeal/iu, // court instances
  /конфиденц|құпия|confidential/iu,
  /әрекет(ке)? қабілет|дееспособ|legal capacity|limited capacity|incapab/iu, // legal capacity
  /сыбайлас жемқорлық|коррупц|corruption/iu, /қылмыс|уголовн|criminal/iu,
  /ерікті|добровольн|voluntar/iu,
  /жеке дерек|персональн|личные данные|personal data/iu,
  /заңдық күш|юридическ\p{L}* сил|legally binding/iu,
];

/** Strings that use a legal word but state nothing: labels, questions and buttons whose claim, if any, is in a listed key. */
const ALLOWED: Readonly<Record<string, string>> = {
  "intake:inCourt.question": "asks whether the case is in court; states nothing",
  "intake:inCourt.yes": "the answer button «yes, it is in court»",
  "intake:summary.fields.inCourt": "field label on the summary card",
  "requests:fields.inCourt": "field label in a request's details",
  "offers:card.inCourt": "field label on a mediator's offer card",
  "intake:summary.fields.cost": "field label («Cost») on the summary card",
  "requests:fields.cost": "field label («Cost») in a request's details",
  "offers:card.cost": "field label («Cost») on a mediator's offer card",
  "intake:category.notMediable.corruption": "button label; the claim it leads to is intake:category.notMediableHint.corruption",
  "intake:category.notMediable.incapacity": "button label; the claim it leads to is intake:category.notMediableHint.incapacity",
};

const TAG = /^(\[V\]|\[P\]|bot rule §\d+|product fact \(code\)|opinion \(hedged\)|plain gloss)$/;

interface Row { key: string; claim: string; source: string; tag: string }

function registerRows(): Row[] {
  const markdown = readFileSync(new URL("../docs/claims.md", import.meta.url), "utf8");
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const cells = line.slice(1, -1).split(" | ").map((cell) => cell.trim());
      return { key: cells[0]!.replace(/`/g, ""), claim: cells[1] ?? "", source: cells[2] ?? "", tag: cells[3] ?? "" };
    });
}

describe("claims register (docs/claims.md)", () => {
  const texts = catalogueTexts();
  const rows = registerRows();
  const listed = new Set(rows.map((r) => r.key));

  it("has rows, each with a claim, a source and a known tag (never [U])", () => {
    expect(rows.length).toBeGreaterThan(50);
    const bad = rows.filter((r) => !r.claim || !r.source || !TAG.test(r.tag)).map((r) => `${r.key}: ${r.tag}`);
    expect(bad).toEqual([]);
    // A [V] or [P] claim names the section of the law notes it rests on.
    expect(rows.filter((r) => /^\[[VP]\]$/.test(r.tag) && !/§\d+|header note/.test(r.source)).map((r) => r.key)).toEqual([]);
    expect(rows.filter((r) => [...r.source.matchAll(/§(\d+)/g)].some((m) => Number(m[1]) < 1 || Number(m[1]) > 14)).map((r) => r.key)).toEqual([]);
  });

  it("lists only keys that exist in the catalogues", () => {
    expect([...listed].filter((key) => !texts.has(key))).toEqual([]);
  });

  it("has a row for every string that uses a legal word, unless it is an allowed label", () => {
    const unlisted = [...texts]
      .filter(([key, versions]) => !listed.has(key) && !(key in ALLOWED) && versions.some((v) => LEGAL_WORDS.some((word) => word.test(v.text))))
      .map(([key, versions]) => `${key} (${versions.filter((v) => LEGAL_WORDS.some((w) => w.test(v.text))).map((v) => v.locale).join(",")})`);
    expect(unlisted).toEqual([]);
  });

  it("keeps the allow-list honest: every allowed key exists, uses a legal word, and has no row", () => {
    for (const [key, reason] of Object.entries(ALLOWED)) {
      expect({ key, exists: texts.has(key) }).toEqual({ key, exists: true });
      expect({ key, legal: texts.get(key)!.some((v) => LEGAL_WORDS.some((w) => w.test(v.text))) }).toEqual({ key, legal: true });
      expect({ key, listed: listed.has(key) }).toEqual({ key, listed: false });
      expect(reason.length).toBeGreaterThan(10);
    }
  });

  it("recognises the legal words it is meant to (so a broken pattern cannot pass silently)", () => {
    const claims = ["Медиация туралы Заң, 1-бап", "Закон «О медиации», ст. 1", "Law on Mediation, art. 1", "сот бекітеді", "суд утверждает", "мемлекеттік баж", "госпошлина", "state fee", "тегін", "бесплатно", "free of charge", "атқару парағы", "исполнительный лист", "writ of execution", "кассация", "құпия", "конфиденциально", "ерікті", "добровольно"];
    expect(claims.filter((text) => !LEGAL_WORDS.some((w) => w.test(text)))).toEqual([]);
    const plain = ["заңгерге жүгініңіз", "сотрудники центра", "дело закончится соглашением", "Толық нұсқасы", "a lawyer can advise"];
    expect(plain.filter((text) => LEGAL_WORDS.some((w) => w.test(text)))).toEqual([]);
  });
});
