// Builds src/db/regions/kz-regions.json (the project's own copy of Kazakhstan's oblasts, rayons and cities)
// from the shared reference CSV. Only this script reads the CSV; the bot and the tests read the JSON.
//
//   npx tsx scripts/build-regions.ts [path-to-csv] [--dry-run]
//
// The default CSV path is ../shared/data/kz-regions.csv relative to the project root. The script parses the
// CSV, applies the explicit CORRECTIONS below, validates everything (see validate()) and writes the JSON only
// if validation passes; otherwise it prints every problem and exits with code 1. --dry-run validates without
// writing. See docs/regions-data.md.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
// The output has exactly the shape the app reads (src/db/regions/regions-data.ts).
import type { OblastData, RayonData } from "../src/db/regions/regions-data.js";

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DEFAULT_CSV = path.resolve(PROJECT_ROOT, "../shared/data/kz-regions.csv");
const OUTPUT = path.join(PROJECT_ROOT, "src/db/regions/kz-regions.json");
const SOURCE_NOTE =
  "kz-regions.csv (geokz 2024, Bureau of National Statistics 2025) — built by scripts/build-regions.ts";

const COLUMNS = [
  "oblast_code",
  "oblast_name_en",
  "oblast_name_kk",
  "oblast_name_ru",
  "rayon_code",
  "rayon_name_en",
  "rayon_name_kk",
  "rayon_name_ru",
  "kind",
  "admin_center",
  "lat",
  "lon",
  "kato",
  "source",
] as const;
type Column = (typeof COLUMNS)[number];
type CsvRow = Record<Column, string> & { readonly line: number };

// ---------------------------------------------------------------------------------------------------------
// Corrections. Each entry replaces one field of one row (found by rayon_code) and must state the value it
// expects to find, so a correction that no longer applies (the CSV was fixed upstream or changed) fails the
// build instead of silently overwriting new data. Format:
//   { code: "<rayon_code>", field: "<csv column>", old: "<value in the CSV>", new: "<corrected value>",
//     reason: "<why, with the source>" },
//
// The 2025 CSV (212 rows) passed every check below as delivered, so the list is empty: nothing was changed.
// The checks that were run and the things that were looked at but are NOT errors are listed in
// docs/regions-data.md.
// ---------------------------------------------------------------------------------------------------------
interface Correction {
  readonly code: string;
  readonly field: Column;
  readonly old: string;
  readonly new: string;
  readonly reason: string;
}
const CORRECTIONS: readonly Correction[] = [];

// ---------------------------------------------------------------------------------------------------------
// Expected facts the data is checked against.
// ---------------------------------------------------------------------------------------------------------

// Per-oblast counts from the "Counts per oblast" table of /work/shared/data/README.md (Bureau of National
// Statistics 2025 list), in the CSV's order, plus each oblast's official 2-digit KATO prefix
// (ISO 3166-2 agrees for the new ones: KZ-10 Abai, KZ-33 Jetisu, KZ-62 Ulytau).
interface ExpectedOblast {
  readonly code: string;
  readonly kato: string;
  readonly rayons: number;
  readonly cities: number;
  readonly republican?: true;
}
const EXPECTED_OBLASTS: readonly ExpectedOblast[] = [
  { code: "abai", kato: "10", rayons: 10, cities: 2 },
  { code: "akmola", kato: "11", rayons: 17, cities: 3 },
  { code: "aktobe", kato: "15", rayons: 12, cities: 1 },
  { code: "almaty_region", kato: "19", rayons: 9, cities: 2 },
  { code: "atyrau", kato: "23", rayons: 7, cities: 1 },
  { code: "west_kazakhstan", kato: "27", rayons: 12, cities: 1 },
  { code: "zhambyl", kato: "31", rayons: 10, cities: 1 },
  { code: "jetisu", kato: "33", rayons: 8, cities: 2 },
  { code: "karaganda", kato: "35", rayons: 7, cities: 6 },
  { code: "kostanay", kato: "39", rayons: 16, cities: 4 },
  { code: "kyzylorda", kato: "43", rayons: 7, cities: 2 },
  { code: "mangystau", kato: "47", rayons: 5, cities: 2 },
  { code: "pavlodar", kato: "55", rayons: 10, cities: 3 },
  { code: "north_kazakhstan", kato: "59", rayons: 13, cities: 1 },
  { code: "turkestan", kato: "61", rayons: 14, cities: 3 },
  { code: "ulytau", kato: "62", rayons: 2, cities: 3 },
  { code: "east_kazakhstan", kato: "63", rayons: 11, cities: 2 },
  { code: "astana_city", kato: "71", rayons: 0, cities: 1, republican: true },
  { code: "almaty_city", kato: "75", rayons: 0, cities: 1, republican: true },
  { code: "shymkent_city", kato: "79", rayons: 0, cities: 1, republican: true },
];
const EXPECTED_TOTALS = { rows: 212, rayons: 170, oblastCities: 39, republicanCities: 3 } as const;

// Each republican city lies inside this oblast; its point must be close to one of that oblast's units.
const ENCLOSING_OBLAST: Readonly<Record<string, string>> = {
  astana_city: "akmola",
  almaty_city: "almaty_region",
  shymkent_city: "turkestan",
};
const MAX_REPUBLICAN_CITY_TO_ENCLOSING_UNIT_KM = 60;
// The republican cities' points (centroids of the city polygons) must also be close to the city centre.
const REPUBLICAN_CITY_CENTRES: Readonly<Record<string, { lat: number; lon: number }>> = {
  astana_city: { lat: 51.128, lon: 71.431 }, // Baiterek tower
  almaty_city: { lat: 43.238, lon: 76.946 }, // Republic Square
  shymkent_city: { lat: 42.317, lon: 69.596 }, // Al-Farabi Square
};
const MAX_REPUBLICAN_CITY_TO_CENTRE_KM = 25;

// Kazakhstan's bounding box with a small margin (southernmost point ≈ 40.57 N, northernmost ≈ 55.44 N,
// westernmost ≈ 46.49 E, easternmost ≈ 87.36 E).
const BBOX = { minLat: 40.5, maxLat: 55.5, minLon: 46.4, maxLon: 87.4 } as const;
// A unit must have another unit of its own oblast within this distance (largest in the 2025 data: 210 km,
// Bayganin and Nura), and be within MAX_KM_TO_OBLAST_CENTRE of the mean point of its oblast's other units
// (largest: 362 km, Irgiz). Both catch a point moved to another oblast or a mistyped degree.
const MAX_KM_TO_NEAREST_OBLAST_MATE = 250;
const MAX_KM_TO_OBLAST_CENTRE = 450;

const KNOWN_SOURCES = new Set([
  "geokz2024_centroid",
  "geokz2024_centroid_snapped_inside",
  "geokz2024_adm1_centroid",
  "geonames_point",
  "wiki_infobox_point",
  "estimated",
]);

// Kazakh names whose Kazakh and Russian forms start differently (official pairs, checked by hand); every
// other row's Kazakh and Russian names must share their first two letters once Kazakh letters are folded,
// which catches names swapped between rows.
const KK_RU_DIFFERENT_STEMS = new Set([
  "west_kazakhstan.oral_city", // Орал / Уральск
  "west_kazakhstan.burlin", // Бөрлі / Бурлинский
  "west_kazakhstan.shyngyrlau", // Шыңғырлау / Чингирлауский
  "atyrau.kyzylkoga", // Қызылқоға / Кзылкогинский
  "aktobe.khobda", // Қобда / Хобдинский
  "aktobe.oiyl", // Ойыл / Уилский
  "aktobe.irgiz", // Ырғыз / Иргизский
  "pavlodar.irtysh", // Ертіс / Иртышский
  "pavlodar.sharbakty", // Шарбақты / Щербактинский
  "turkestan.sozak", // Созақ / Сузакский
  "turkestan.tulkibas", // Түлкібас / Тюлькубасский
  "east_kazakhstan.oskemen_city", // Өскемен / Усть-Каменогорск
]);
// English names that do not start like the Kazakh name (romanized from the Russian form).
const EN_KK_DIFFERENT_START = new Set([
  "pavlodar.irtysh", // Irtysh / Ертіс
]);
// In Kazakh spelling к/г go with front vowels and қ/ғ with back ones, so "ка", "го", "кы"... in a Kazakh
// name usually means the Kazakh letters were lost (a Russian spelling). These names are Russian in origin
// and are spelled this way officially in Kazakh.
const KK_RUSSIAN_ORIGIN = new Set([
  "abai.kurchatov_city", // Курчатов
  "akmola.stepnogorsk_city", // Степногор
  "karaganda.osakarov", // Осакаров
  "kostanay.lisakovsk_city", // Лисаковск
  "east_kazakhstan.glubokoye", // Глубокое
]);
// The Bureau writes these units' Russian names with Kazakh letters (README: «район Ақсуат», «г. Қонаев»...).
const RU_WITH_KAZAKH_LETTERS = new Set([
  "abai.aksuat",
  "abai.zhanasemey",
  "abai.makanshy",
  "west_kazakhstan.bayterek",
  "pavlodar.terenkol",
  "pavlodar.akkuly",
  "almaty_region.konaev_city",
  "east_kazakhstan.markakol",
  "east_kazakhstan.ulken_naryn",
]);
const RU_OBLAST_WITH_KAZAKH_LETTERS = new Set(["jetisu", "ulytau"]); // «область Жетісу», «область Ұлытау»

// ---------------------------------------------------------------------------------------------------------
// CSV parsing (RFC 4180: comma separator, optional double quotes, "" inside quotes, CRLF or LF line ends,
// optional UTF-8 BOM). Returns records with the 1-based line each starts on.
// ---------------------------------------------------------------------------------------------------------
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

export function parseCsv(text: string): CsvRecord[] {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted (so nothing but a separator may follow the closing quote)
  let line = 1;
  let recordLine = 1;
  const endField = (): void => {
    fields.push(field);
    field = "";
    wasQuoted = false;
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields });
    fields = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== "" || wasQuoted) throw new Error(`CSV line ${line}: stray double quote inside an unquoted field`);
      quoted = true;
      wasQuoted = true;
    } else if (ch === ",") {
      endField();
    } else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && src[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      if (wasQuoted) throw new Error(`CSV line ${line}: text after the closing quote of a field`);
      field += ch;
    }
  }
  if (quoted) throw new Error(`CSV line ${recordLine}: unterminated quoted field`);
  if (field !== "" || wasQuoted || fields.length > 0) endRecord(); // last line without a line break
  return records;
}

function toRows(records: CsvRecord[], errors: string[]): CsvRow[] {
  const [header, ...body] = records;
  if (!header) {
    errors.push("CSV is empty");
    return [];
  }
  if (header.fields.join(",") !== COLUMNS.join(",")) {
    errors.push(`CSV header is "${header.fields.join(",")}", expected "${COLUMNS.join(",")}"`);
    return [];
  }
  const rows: CsvRow[] = [];
  for (const rec of body) {
    if (rec.fields.length === 1 && rec.fields[0] === "") {
      errors.push(`line ${rec.line}: blank line`);
      continue;
    }
    if (rec.fields.length !== COLUMNS.length) {
      errors.push(`line ${rec.line}: ${rec.fields.length} fields, expected ${COLUMNS.length}`);
      continue;
    }
    const row = { line: rec.line } as CsvRow;
    COLUMNS.forEach((col, i) => {
      row[col] = rec.fields[i] ?? "";
    });
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------
// Corrections.
// ---------------------------------------------------------------------------------------------------------
function applyCorrections(rows: CsvRow[], errors: string[]): void {
  for (const c of CORRECTIONS) {
    const matches = rows.filter((r) => r.rayon_code === c.code);
    const row = matches[0];
    if (!row || matches.length > 1) {
      errors.push(`correction ${c.code}.${c.field}: ${matches.length} rows have rayon_code ${c.code}, expected 1`);
      continue;
    }
    if (row[c.field] !== c.old) {
      errors.push(
        `correction ${c.code}.${c.field}: expected the CSV to have ${JSON.stringify(c.old)}, ` +
          `found ${JSON.stringify(row[c.field])} (stale correction?)`,
      );
      continue;
    }
    row[c.field] = c.new;
    console.log(`corrected ${c.code}.${c.field}: ${JSON.stringify(c.old)} -> ${JSON.stringify(c.new)} (${c.reason})`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Validation.
// ---------------------------------------------------------------------------------------------------------
const CYRILLIC_NAME = /^[\u0400-\u04FF]+(?:(?: |-|\. )[\u0400-\u04FF]+)*$/u;
const KAZAKH_LETTERS = /[ӘәІіҢңҒғҮүҰұҚқӨөҺһ]/u;
const ENGLISH_NAME = /^[A-Z][A-Za-z'-]*(?: [A-Za-z'-]+| \([A-Z][A-Za-z' -]*\))*$/;
const SLUG = /^[a-z][a-z_]*[a-z]$/;
const BAD_WHITESPACE = /^\s|\s$|\s{2}|[^\S ]|[\u200B-\u200D\u2060\uFEFF]/u;

function foldKazakh(s: string): string {
  const map: Record<string, string> = { ә: "а", і: "и", ң: "н", ғ: "г", ү: "у", ұ: "у", қ: "к", ө: "о", һ: "х", ё: "е", э: "е" };
  return [...s.toLowerCase()].map((ch) => map[ch] ?? ch).join("");
}

// Possible starts of the English romanization of a Cyrillic letter.
const ROMAN_STARTS: Readonly<Record<string, readonly string[]>> = {
  а: ["a"], ә: ["a"], б: ["b"], в: ["v"], г: ["g"], ғ: ["g"], д: ["d"], е: ["e", "ye"], ё: ["yo"],
  ж: ["zh", "j"], з: ["z"], и: ["i"], й: ["y"], к: ["k"], қ: ["k"], л: ["l"], м: ["m"], н: ["n"], о: ["o"],
  ө: ["o"], п: ["p"], р: ["r"], с: ["s"], т: ["t"], у: ["u"], ұ: ["u"], ү: ["u"], ф: ["f"], х: ["kh", "h"],
  һ: ["h"], ц: ["ts"], ч: ["ch"], ш: ["sh"], щ: ["shch"], ы: ["y", "i"], і: ["i"], э: ["e"], ю: ["yu"], я: ["ya"],
};

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

function inBox(lat: number, lon: number): boolean {
  return lat >= BBOX.minLat && lat <= BBOX.maxLat && lon >= BBOX.minLon && lon <= BBOX.maxLon;
}

function parseCoordinate(value: string): number {
  return /^-?\d{1,3}\.\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

export function validate(rows: CsvRow[]): string[] {
  const errors: string[] = [];
  const err = (row: CsvRow, msg: string): void => {
    errors.push(`line ${row.line} (${row.rayon_code}): ${msg}`);
  };
  const expectedByCode = new Map(EXPECTED_OBLASTS.map((o) => [o.code, o]));

  // Totals.
  if (rows.length !== EXPECTED_TOTALS.rows) errors.push(`${rows.length} rows, expected ${EXPECTED_TOTALS.rows}`);

  // Per-row checks.
  for (const row of rows) {
    for (const col of COLUMNS) {
      const v = row[col];
      if (v === "") err(row, `${col} is empty`);
      else if (BAD_WHITESPACE.test(v)) err(row, `${col} has leading/trailing/double/odd whitespace: ${JSON.stringify(v)}`);
    }
    const exp = expectedByCode.get(row.oblast_code);
    if (!exp) {
      err(row, `unknown oblast_code ${JSON.stringify(row.oblast_code)}`);
      continue;
    }
    const republican = exp.republican === true;

    // Codes and kind.
    if (row.kind !== "rayon" && row.kind !== "city") err(row, `kind ${JSON.stringify(row.kind)} is not rayon|city`);
    if (republican) {
      if (row.rayon_code !== row.oblast_code) err(row, `a republican city's rayon_code must equal its oblast_code`);
      if (row.kind !== "city") err(row, "a republican city must have kind city");
    } else {
      const [prefix, slug, ...rest] = row.rayon_code.split(".");
      if (prefix !== row.oblast_code || !slug || rest.length > 0 || !SLUG.test(slug)) {
        err(row, `rayon_code must be "${row.oblast_code}.<slug>"`);
      } else if (slug.endsWith("_city") !== (row.kind === "city")) {
        err(row, `rayon_code ${row.rayon_code} does not agree with kind ${row.kind} (cities end in _city)`);
      }
    }

    // KATO: 9 digits AABBxxxxx with AA the oblast, BB 10-29 for cities of oblast significance, 30-99 for
    // rayons and 00 for the republican cities; units (not settlements) end in 00000.
    if (!/^\d{9}$/.test(row.kato)) {
      err(row, `kato ${JSON.stringify(row.kato)} is not 9 digits`);
    } else {
      if (row.kato.slice(0, 2) !== exp.kato) {
        err(row, `kato ${row.kato} starts with ${row.kato.slice(0, 2)}, but oblast ${exp.code} is ${exp.kato}`);
      }
      if (!row.kato.endsWith("00000")) err(row, `kato ${row.kato} is a settlement code, not a unit code (…00000)`);
      const bb = Number(row.kato.slice(2, 4));
      const bbOk = republican ? bb === 0 : row.kind === "city" ? bb >= 10 && bb <= 29 : bb >= 30;
      if (!bbOk) err(row, `kato ${row.kato}: digits 3-4 (${row.kato.slice(2, 4)}) do not fit kind ${row.kind}`);
    }

    // Oblast names.
    if (!CYRILLIC_NAME.test(row.oblast_name_kk)) err(row, `oblast_name_kk is not Cyrillic: ${row.oblast_name_kk}`);
    if (!CYRILLIC_NAME.test(row.oblast_name_ru)) err(row, `oblast_name_ru is not Cyrillic: ${row.oblast_name_ru}`);
    if (!ENGLISH_NAME.test(row.oblast_name_en)) err(row, `oblast_name_en is not a plain English name: ${row.oblast_name_en}`);
    if (republican) {
      if (row.oblast_name_kk !== row.rayon_name_kk || row.oblast_name_ru !== row.rayon_name_ru || row.oblast_name_en !== row.rayon_name_en) {
        err(row, "a republican city's oblast and rayon names must be the same");
      }
      if (!row.oblast_name_ru.startsWith("город ")) err(row, `oblast_name_ru should be «город X»: ${row.oblast_name_ru}`);
    } else {
      if (!row.oblast_name_kk.endsWith(" облысы")) err(row, `oblast_name_kk should end in «облысы»: ${row.oblast_name_kk}`);
      if (!/(^|\s)область(\s|$)/u.test(row.oblast_name_ru)) err(row, `oblast_name_ru lacks «область»: ${row.oblast_name_ru}`);
      if (!row.oblast_name_en.endsWith(" Region")) err(row, `oblast_name_en should end in "Region": ${row.oblast_name_en}`);
      if (KAZAKH_LETTERS.test(row.oblast_name_ru) !== RU_OBLAST_WITH_KAZAKH_LETTERS.has(row.oblast_code)) {
        err(row, `oblast_name_ru ${row.oblast_name_ru}: Kazakh letters where the Bureau's name has none, or vice versa`);
      }
    }

    // Unit names.
    const kk = row.rayon_name_kk;
    const ru = row.rayon_name_ru;
    const en = row.rayon_name_en;
    if (!CYRILLIC_NAME.test(kk)) err(row, `rayon_name_kk is not Cyrillic: ${JSON.stringify(kk)}`);
    if (!CYRILLIC_NAME.test(ru)) err(row, `rayon_name_ru is not Cyrillic: ${JSON.stringify(ru)}`);
    if (!ENGLISH_NAME.test(en)) err(row, `rayon_name_en is not a plain English name: ${JSON.stringify(en)}`);
    if (!/^[A-Z][A-Za-z .'()-]*$/.test(row.admin_center)) err(row, `admin_center is not plain English: ${row.admin_center}`);
    let kkStem = kk;
    let ruStem = ru.replace(/^город /u, "");
    if (!republican) {
      if (row.kind === "rayon") {
        if (!kk.endsWith(" ауданы")) err(row, `a rayon's Kazakh name must end in «ауданы»: ${kk}`);
        if (!/(^|\s)район(\s|$)/u.test(ru)) err(row, `a rayon's Russian name must contain «район»: ${ru}`);
        if (!en.endsWith(" District")) err(row, `a rayon's English name must end in "District": ${en}`);
        kkStem = kk.replace(/ ауданы$/u, "");
        ruStem = ru.replace(/^район (имени )?/u, "").replace(/ район$/u, "");
      } else {
        if (!kk.endsWith(" қаласы")) err(row, `a city's Kazakh name must end in «қаласы»: ${kk}`);
        if (!ru.startsWith("г. ")) err(row, `a city's Russian name must start with «г.»: ${ru}`);
        if (/District|Region/.test(en)) err(row, `a city's English name must not say District/Region: ${en}`);
        if (/(^|\s)(район|ауданы)(\s|$)/u.test(ru + " " + kk)) err(row, "a city's names must not say район/ауданы");
        kkStem = kk.replace(/ қаласы$/u, "");
        ruStem = ru.replace(/^г\. /u, "");
      }
    }
    if (/(ский|ская|ское|ской)(\s|$)|(^|\s)(район|город|г\.)(\s|$)/u.test(kkStem)) {
      err(row, `rayon_name_kk looks Russian: ${kk}`);
    }
    if (kk === ru) err(row, `rayon_name_kk equals rayon_name_ru: ${kk}`);
    if (/[кгКГ][аоұыуАОҰЫУ]/u.test(kkStem) !== KK_RUSSIAN_ORIGIN.has(row.rayon_code)) {
      err(row, `rayon_name_kk ${kk}: к/г before a back vowel (lost Kazakh letters қ/ғ?) — or a stale exception`);
    }
    if (KAZAKH_LETTERS.test(ru) !== RU_WITH_KAZAKH_LETTERS.has(row.rayon_code)) {
      err(row, `rayon_name_ru ${ru}: Kazakh letters where the Bureau's name has none, or vice versa`);
    }
    const sameStart = foldKazakh(kkStem).slice(0, 2) === foldKazakh(ruStem).slice(0, 2);
    if (sameStart === KK_RU_DIFFERENT_STEMS.has(row.rayon_code)) {
      err(row, `Kazakh ${kk} and Russian ${ru} names do not look like the same place (or a stale exception)`);
    }
    const first = kkStem.toLowerCase()[0] ?? "";
    const enStartsLikeKk = (ROMAN_STARTS[first] ?? []).some((p) => en.toLowerCase().startsWith(p));
    if (enStartsLikeKk === EN_KK_DIFFERENT_START.has(row.rayon_code)) {
      err(row, `English ${en} and Kazakh ${kk} names do not look like the same place (or a stale exception)`);
    }

    // Coordinates.
    const lat = parseCoordinate(row.lat);
    const lon = parseCoordinate(row.lon);
    if (Number.isNaN(lat) || Number.isNaN(lon)) {
      err(row, `lat/lon ${row.lat},${row.lon} are not decimal degrees`);
    } else if (!inBox(lat, lon)) {
      err(row, `lat/lon ${row.lat},${row.lon} outside Kazakhstan${inBox(lon, lat) ? " (lat and lon swapped?)" : ""}`);
    }
    if (!KNOWN_SOURCES.has(row.source)) err(row, `unknown coordinate source ${JSON.stringify(row.source)}`);
  }

  // Uniqueness.
  for (const col of ["rayon_code", "kato"] as const) {
    for (const d of duplicates(rows.map((r) => r[col]))) errors.push(`duplicate ${col} ${d}`);
  }
  for (const d of duplicates(rows.map((r) => r.kato.slice(0, 4)))) errors.push(`duplicate 4-digit KATO prefix ${d}`);
  for (const d of duplicates(rows.map((r) => `${r.lat},${r.lon}`))) errors.push(`two units share the point ${d}`);
  for (const col of ["rayon_name_kk", "rayon_name_ru", "rayon_name_en"] as const) {
    for (const d of duplicates(rows.map((r) => `${r.oblast_code}: ${r[col]}`))) errors.push(`duplicate ${col} in ${d}`);
  }

  // Oblasts: order, contiguity, consistent names, counts.
  const order: string[] = [];
  for (const row of rows) {
    if (order[order.length - 1] === row.oblast_code) continue;
    if (order.includes(row.oblast_code)) err(row, `rows of oblast ${row.oblast_code} are not contiguous`);
    else order.push(row.oblast_code);
  }
  const expectedOrder = EXPECTED_OBLASTS.map((o) => o.code);
  if (order.join(",") !== expectedOrder.join(",")) {
    errors.push(`oblasts appear as ${order.join(",")}; expected ${expectedOrder.join(",")}`);
  }
  for (const col of ["oblast_name_en", "oblast_name_kk", "oblast_name_ru"] as const) {
    for (const code of order) {
      const names = new Set(rows.filter((r) => r.oblast_code === code).map((r) => r[col]));
      if (names.size > 1) errors.push(`oblast ${code} has several ${col}: ${[...names].join(" | ")}`);
    }
    const perOblast = order.map((code) => rows.find((r) => r.oblast_code === code)?.[col] ?? "");
    for (const d of duplicates(perOblast)) errors.push(`two oblasts share ${col} ${d}`);
  }
  let rayons = 0;
  let oblastCities = 0;
  let republicanCities = 0;
  for (const exp of EXPECTED_OBLASTS) {
    const units = rows.filter((r) => r.oblast_code === exp.code);
    const r = units.filter((u) => u.kind === "rayon").length;
    const c = units.filter((u) => u.kind === "city").length;
    if (r !== exp.rayons || c !== exp.cities) {
      errors.push(`oblast ${exp.code}: ${r} rayons and ${c} cities, expected ${exp.rayons} and ${exp.cities}`);
    }
    rayons += r;
    if (exp.republican) republicanCities += c;
    else oblastCities += c;
  }
  if (rayons !== EXPECTED_TOTALS.rayons) errors.push(`${rayons} rayons in all, expected ${EXPECTED_TOTALS.rayons}`);
  if (oblastCities !== EXPECTED_TOTALS.oblastCities) {
    errors.push(`${oblastCities} cities of oblast significance, expected ${EXPECTED_TOTALS.oblastCities}`);
  }
  if (republicanCities !== EXPECTED_TOTALS.republicanCities) {
    errors.push(`${republicanCities} republican cities, expected ${EXPECTED_TOTALS.republicanCities}`);
  }

  // Geography: every unit near the rest of its oblast; republican cities next to their enclosing oblast.
  const points = rows
    .map((r) => ({ row: r, lat: parseCoordinate(r.lat), lon: parseCoordinate(r.lon) }))
    .filter((p) => inBox(p.lat, p.lon));
  for (const p of points) {
    const enclosing = ENCLOSING_OBLAST[p.row.oblast_code];
    if (enclosing) {
      const near = points.filter((q) => q.row.oblast_code === enclosing);
      const d = Math.min(...near.map((q) => haversineKm(p.lat, p.lon, q.lat, q.lon)));
      if (!(d <= MAX_REPUBLICAN_CITY_TO_ENCLOSING_UNIT_KM)) {
        err(p.row, `${Math.round(d)} km from the nearest unit of ${enclosing}, which surrounds it`);
      }
      const centre = REPUBLICAN_CITY_CENTRES[p.row.oblast_code];
      const toCentre = centre ? haversineKm(p.lat, p.lon, centre.lat, centre.lon) : Number.NaN;
      if (!(toCentre <= MAX_REPUBLICAN_CITY_TO_CENTRE_KM)) {
        err(p.row, `${Math.round(toCentre)} km from the city centre (> ${MAX_REPUBLICAN_CITY_TO_CENTRE_KM})`);
      }
      continue;
    }
    const mates = points.filter((q) => q.row.oblast_code === p.row.oblast_code && q !== p);
    if (mates.length === 0) continue;
    const nearest = Math.min(...mates.map((q) => haversineKm(p.lat, p.lon, q.lat, q.lon)));
    if (nearest > MAX_KM_TO_NEAREST_OBLAST_MATE) {
      err(p.row, `${Math.round(nearest)} km from the nearest other unit of its oblast (> ${MAX_KM_TO_NEAREST_OBLAST_MATE})`);
    }
    const cLat = mates.reduce((s, q) => s + q.lat, 0) / mates.length;
    const cLon = mates.reduce((s, q) => s + q.lon, 0) / mates.length;
    const toCentre = haversineKm(p.lat, p.lon, cLat, cLon);
    if (toCentre > MAX_KM_TO_OBLAST_CENTRE) {
      err(p.row, `${Math.round(toCentre)} km from the centre of its oblast's other units (> ${MAX_KM_TO_OBLAST_CENTRE})`);
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------------------
// Output.
// ---------------------------------------------------------------------------------------------------------
function toOutput(rows: CsvRow[]): { source: string; oblasts: OblastData[]; rayons: RayonData[] } {
  const oblasts: OblastData[] = [];
  for (const row of rows) {
    if (oblasts.some((o) => o.code === row.oblast_code)) continue;
    const republican = EXPECTED_OBLASTS.find((o) => o.code === row.oblast_code)?.republican === true;
    oblasts.push({
      code: row.oblast_code,
      kind: republican ? "city" : "oblast",
      kato: row.kato.slice(0, 2),
      nameKk: row.oblast_name_kk,
      nameRu: row.oblast_name_ru,
      nameEn: row.oblast_name_en,
    });
  }
  const rayons: RayonData[] = rows.map((row) => ({
    code: row.rayon_code,
    oblastCode: row.oblast_code,
    kind: row.kind === "city" ? "city" : "rayon",
    kato: row.kato,
    nameKk: row.rayon_name_kk,
    nameRu: row.rayon_name_ru,
    nameEn: row.rayon_name_en,
    adminCenter: row.admin_center,
    lat: Number(row.lat),
    lon: Number(row.lon),
  }));
  return { source: SOURCE_NOTE, oblasts, rayons };
}

function main(argv: string[]): number {
  const dryRun = argv.includes("--dry-run");
  const csvArg = argv.find((a) => !a.startsWith("--"));
  const csvPath = csvArg ? path.resolve(process.cwd(), csvArg) : DEFAULT_CSV;
  const errors: string[] = [];
  let rows: CsvRow[] = [];
  try {
    rows = toRows(parseCsv(readFileSync(csvPath, "utf8")), errors);
  } catch (e) {
    errors.push(e instanceof Error ? e.message : String(e));
  }
  if (errors.length === 0) applyCorrections(rows, errors);
  if (errors.length === 0) errors.push(...validate(rows));
  if (errors.length > 0) {
    console.error(`build-regions: ${csvPath} failed validation (${errors.length} problem(s)):`);
    for (const e of errors) console.error(`  - ${e}`);
    return 1;
  }
  const out = toOutput(rows);
  const summary =
    `${out.oblasts.length} oblasts/republican cities, ${out.rayons.length} units ` +
    `(${CORRECTIONS.length} correction(s) applied)`;
  if (dryRun) {
    console.log(`build-regions: ${csvPath} is valid: ${summary}; --dry-run, nothing written`);
    return 0;
  }
  mkdirSync(path.dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, `${JSON.stringify(out, null, 2)}\n`, "utf8");
  console.log(`build-regions: wrote ${path.relative(PROJECT_ROOT, OUTPUT)}: ${summary}`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
