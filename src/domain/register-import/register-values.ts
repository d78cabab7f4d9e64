// The words registers use for a mediator's kind, languages, specializations and meeting modes, in
// Kazakh, Russian and English, as codes or as the bot's own labels. Compared folded (folding.ts):
// a value matches a stem when it is the stem, or (stems of 3+ letters) starts with it.
import { MEDIATOR_KINDS, type MediatorKind } from "../mediator.js";
import { CATEGORIES, MODES, SESSION_LANGUAGES, type Category, type SessionLanguage, type SessionMode } from "../request.js";
import { foldKey } from "./folding.js";

// "кәсіби емес" and "непрофессиональный" are public mediators: the public stems are tried first.
const KIND_STEMS: ReadonlyArray<readonly [MediatorKind, readonly string[]]> = [
  ["public", ["public", "обществ", "когамдык", "касибиемес", "непроф", "nonprof", "volunteer"]],
  ["professional", ["professional", "prof", "проф", "касиби"]],
];

const LANGUAGE_STEMS: Record<SessionLanguage, readonly string[]> = {
  kk: ["kk", "kz", "kaz", "kazakh", "kazak", "казак", "каз", "кк"],
  ru: ["ru", "rus", "russian", "рус", "орыс", "ру"],
  en: ["en", "eng", "english", "англ", "агылшын"],
};

const CATEGORY_STEMS: Record<Category, readonly string[]> = {
  family: ["family", "сем", "отбасы"],
  neighbours: ["neighbo", "land", "сосед", "земл", "корши", "жер", "жайылым"],
  property: ["property", "debt", "имущ", "долг", "мулик", "карыз"],
  labour: ["labo", "work", "wage", "труд", "работ", "зарплат", "енбек", "жумыс", "жалакы"],
  consumer: ["consumer", "purchas", "servic", "потреб", "покуп", "услуг", "тутыну", "сауда", "кызмет"],
  inheritance: ["inherit", "наслед", "мура"],
  juvenile: ["juvenil", "child", "involv", "несоверш", "ювен", "дет", "сучаст", "камелет", "бала", "18жас"],
  other: ["other", "друг", "иное", "иные", "баска"],
};
const ALL_WORDS = ["all", "any", "все", "любые", "барлыгы", "барлык"];

const MODE_STEMS: Record<SessionMode, readonly string[]> = {
  in_person: ["inperson", "person", "offline", "лично", "очно", "личн", "бетпебет", "жеке"],
  phone: ["phone", "byphone", "телефон", "потел", "tel", "тел"],
  video: ["video", "byvideo", "online", "онлайн", "видео", "повидео", "бейне"],
};

const matches = (value: string, stems: readonly string[]) => stems.some((s) => value === s || (s.length >= 3 && value.startsWith(s)));

export function parseKind(text: string): MediatorKind | null {
  const value = foldKey(text);
  if ((MEDIATOR_KINDS as readonly string[]).includes(value)) return value as MediatorKind;
  return KIND_STEMS.find(([, stems]) => matches(value, stems))?.[0] ?? null;
}

/** Items of a list cell: separated by commas, semicolons, slashes, "|" or line breaks. */
export function splitList(cell: string): string[] {
  return cell.split(/[,;|/\n]+/).map((v) => v.trim()).filter(Boolean);
}

export type ListParse<T> = { values: T[]; unknown: string[] };

/** Known values in the order of `order` (duplicates dropped), and the items not understood. */
function parseListWith<T extends string>(cell: string, order: readonly T[], stems: Record<T, readonly string[]>, all?: readonly string[]): ListParse<T> {
  const found = new Set<T>();
  const unknown: string[] = [];
  for (const item of splitList(cell)) {
    const value = foldKey(item);
    if (all && all.includes(value)) order.forEach((v) => found.add(v));
    else {
      const hit = order.find((v) => value === v || matches(value, stems[v]));
      if (hit) found.add(hit);
      else unknown.push(item);
    }
  }
  return { values: order.filter((v) => found.has(v)), unknown };
}

export const parseLanguages = (cell: string) => parseListWith(cell, SESSION_LANGUAGES, LANGUAGE_STEMS);
export const parseSpecializations = (cell: string) => parseListWith(cell, CATEGORIES, CATEGORY_STEMS, ALL_WORDS);
export const parseModes = (cell: string) => parseListWith(cell, MODES, MODE_STEMS, ALL_WORDS);
