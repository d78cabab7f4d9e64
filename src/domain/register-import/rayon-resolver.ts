// Turns what a register writes in its "rayons" column into rayon codes: a KATO code (9 digits, or the
// 4-digit prefix), the bot's own code ("akmola.burabay"), or a name in Kazakh, Russian or English — current
// or old ("Щучинский район" is Burabay), with or without "район", "ауданы", "district", "г.", "қаласы".
// Names several oblasts share ("Абайский район") need the oblast in parentheses: "Абайский район
// (Карагандинская область)"; an unknown name gets the closest names as suggestions.
import type { Oblast, Rayon } from "../region.js";
import { editDistance, foldKey, foldWords } from "./folding.js";
import { OLD_RAYON_NAMES } from "./old-rayon-names.js";

export type RayonMatch =
  | { ok: true; code: string }
  | { ok: false; problem: "unknown"; suggestions: string[] }
  | { ok: false; problem: "ambiguous"; candidates: string[] };

export interface RayonResolver {
  resolve(text: string): RayonMatch;
}

// Words that say what kind of unit a name is, not which one (folded).
const RAYON_WORDS = new Set(["район", "р", "н", "рн", "аудан", "ауданы", "district", "rayon", "raion", "имени", "им"]);
const CITY_WORDS = new Set(["г", "гор", "город", "каласы", "кала", "city", "town", "of"]);
const OBLAST_WORDS = new Set(["область", "обл", "облысы", "облыс", "region", "oblast"]);
const MAX_SUGGESTIONS = 3;

type KindHint = Rayon["kind"] | undefined;

/** The name's key without the kind words, and which kind those words pointed at. */
function nameKey(text: string): { key: string; hint: KindHint } {
  const words = foldWords(text).split(" ").filter(Boolean);
  const hint: KindHint = words.some((w) => CITY_WORDS.has(w)) ? "city" : words.some((w) => RAYON_WORDS.has(w)) ? "rayon" : undefined;
  return { key: words.filter((w) => !RAYON_WORDS.has(w) && !CITY_WORDS.has(w)).join(""), hint };
}

const oblastKey = (text: string) => foldWords(text).split(" ").filter((w) => w && !OBLAST_WORDS.has(w)).join("");

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export function createRayonResolver(oblasts: readonly Oblast[], rayons: readonly Rayon[]): RayonResolver {
  const byCode = new Map(rayons.map((r) => [r.code, r]));
  const byKato = new Map(rayons.map((r) => [r.kato, r]));
  const byKey = new Map<string, Set<string>>();
  const keysOf = new Map<string, Set<string>>();
  const add = (name: string, code: string) => {
    const { key } = nameKey(name);
    if (!key) return;
    byKey.set(key, (byKey.get(key) ?? new Set()).add(code));
    keysOf.set(code, (keysOf.get(code) ?? new Set()).add(key));
  };
  for (const r of rayons) {
    for (const name of [r.nameKk, r.nameRu, r.nameEn]) {
      add(name, r.code);
      // "Oral (Uralsk)": either name alone is the city too.
      for (const part of name.split(/[()]/)) if (part.trim() && part.trim() !== name) add(part, r.code);
    }
  }
  for (const [name, code] of OLD_RAYON_NAMES) if (byCode.has(code)) add(name, code);
  const oblastKeys = new Map(oblasts.map((o) => [o.code, [o.nameKk, o.nameRu, o.nameEn, o.code].map(oblastKey)]));

  /** Among candidates, the one whose oblast the qualifier names (the longest shared beginning, at least 4 letters). */
  function pickByOblast(candidates: string[], qualifier: string): string | undefined {
    const q = oblastKey(qualifier);
    const scored = candidates.map((code) => ({ code, score: Math.max(...(oblastKeys.get(byCode.get(code)!.oblastCode) ?? [""]).map((k) => commonPrefix(q, k))) }));
    const best = Math.max(...scored.map((s) => s.score));
    const winners = scored.filter((s) => s.score === best);
    return best >= 4 && winners.length === 1 ? winners[0]!.code : undefined;
  }

  function byName(text: string): RayonMatch | undefined {
    const { key, hint } = nameKey(text);
    let candidates = [...(byKey.get(key) ?? [])];
    if (candidates.length > 1 && hint) {
      const ofKind = candidates.filter((code) => byCode.get(code)!.kind === hint);
      if (ofKind.length > 0) candidates = ofKind;
    }
    if (candidates.length === 1) return { ok: true, code: candidates[0]! };
    if (candidates.length > 1) return { ok: false, problem: "ambiguous", candidates: candidates.sort() };
    return undefined;
  }

  function suggestions(text: string): string[] {
    const { key } = nameKey(text);
    if (!key) return [];
    const limit = Math.max(2, Math.floor(key.length / 2));
    return [...keysOf]
      .map(([code, keys]) => ({ code, distance: Math.min(...[...keys].map((k) => editDistance(key, k))) }))
      .filter((s) => s.distance <= limit)
      .sort((a, b) => a.distance - b.distance || a.code.localeCompare(b.code))
      .slice(0, MAX_SUGGESTIONS)
      .map((s) => s.code);
  }

  return {
    resolve(input) {
      const text = input.trim();
      if (/^\d{4}$/.test(text) || /^\d{9}$/.test(text)) {
        const rayon = byKato.get(text.padEnd(9, "0"));
        return rayon ? { ok: true, code: rayon.code } : { ok: false, problem: "unknown", suggestions: [] };
      }
      if (byCode.has(text.toLowerCase())) return { ok: true, code: text.toLowerCase() };
      const whole = byName(text);
      if (whole?.ok) return whole;
      // "Name (Oblast)": the part in parentheses picks the oblast among same-named units.
      const qualified = /^(.*)\(([^()]*)\)\s*$/.exec(text);
      if (qualified) {
        const base = byName(qualified[1]!);
        if (base?.ok) return base;
        if (base && !base.ok && base.problem === "ambiguous") {
          const code = pickByOblast(base.candidates, qualified[2]!);
          return code ? { ok: true, code } : base;
        }
      }
      return whole ?? { ok: false, problem: "unknown", suggestions: suggestions(qualified ? qualified[1]! : text) };
    },
  };
}

/** A "rayons" cell as separate names: split on ";", "|" and line breaks, or on commas when there are none. */
export function splitRayonCell(cell: string): string[] {
  const parts = /[;|\n]/.test(cell) ? cell.split(/[;|\n]/) : cell.split(",");
  return parts.map((p) => p.trim()).filter(Boolean);
}
