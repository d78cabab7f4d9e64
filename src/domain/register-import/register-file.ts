// A register file (CSV) read into entries: the header names the columns (in kk, ru or en, any order,
// unknown columns ignored), every other record is one mediator. Each record is checked as a whole and
// every problem is reported with its line; a record repeating an earlier one's phone or register
// number is a duplicate of that line. Pure: the rayon resolver is passed in.
import { MAX_OPEN_CASES_LIMIT, type MediatorKind } from "../mediator.js";
import { checkFullName, checkRegistryNumber, parseMaxOpenCases } from "../mediator-application.js";
import { normalizePhone } from "../phone.js";
import { CATEGORIES, type Category, type SessionLanguage, type SessionMode } from "../request.js";
import { readCsv } from "./csv-reader.js";
import { foldKey } from "./folding.js";
import { splitRayonCell, type RayonResolver } from "./rayon-resolver.js";
import { parseKind, parseLanguages, parseModes, parseSpecializations } from "./register-values.js";

/** One mediator as a register describes them (canonical: lists in the bot's order, rayons sorted). */
export interface RegisterEntry {
  fullName: string;
  phone: string;
  kind: MediatorKind;
  registryNumber: string | null;
  rayonCodes: string[];
  languages: SessionLanguage[];
  specializations: Category[];
  modes: SessionMode[];
  maxOpenCases: number;
}

export const REGISTER_COLUMNS = ["fullName", "phone", "kind", "registryNumber", "rayons", "languages", "specializations", "modes", "maxOpenCases"] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];
const REQUIRED: readonly RegisterColumn[] = ["fullName", "phone", "kind", "rayons", "languages"];

/** Header names as the export writes them (and the template shows them). */
export const COLUMN_HEADER: Record<RegisterColumn, string> = {
  fullName: "full_name", phone: "phone", kind: "kind", registryNumber: "registry_number", rayons: "rayons",
  languages: "languages", specializations: "specializations", modes: "modes", maxOpenCases: "capacity",
};

// Header names people use, folded (folding.ts).
const HEADER_ALIASES: Record<RegisterColumn, readonly string[]> = {
  fullName: ["fullname", "name", "фио", "имя", "фамилияимяотчество", "атыжони", "толыкаты", "аты", "медиатор"],
  phone: ["phone", "phonenumber", "mobile", "телефон", "тел", "номертелефона", "телефонномири", "уялытелефон"],
  kind: ["kind", "type", "вид", "тип", "типмедиатора", "видмедиатора", "тури", "медиатортури"],
  registryNumber: ["registrynumber", "registernumber", "registry", "register", "certificate", "certificatenumber", "номерреестра", "номервреестре", "реестр", "номерсертификата", "сертификат", "тизилимномири", "тизилим", "куаликномири", "сертификатномири"],
  rayons: ["rayons", "rayon", "districts", "district", "районы", "район", "аудандар", "аудан", "kato", "като"],
  languages: ["languages", "language", "языки", "язык", "тилдер", "тил"],
  specializations: ["specializations", "specialisations", "specialization", "categories", "специализации", "специализация", "категории", "мамандану", "санаттар"],
  modes: ["modes", "mode", "форматы", "формат", "режимы", "откизутури", "откизутасили", "тасилдер"],
  maxOpenCases: ["capacity", "maxopencases", "maxcases", "нагрузка", "максдел", "количестводел", "жуктеме", "истерсаны"],
};

export const DEFAULT_MAX_OPEN_CASES = 3;
/** More rows than any centre's register; a larger file is refused as a whole. */
export const MAX_REGISTER_ROWS = 5000;

export type RowProblem =
  | { code: "name" }
  | { code: "phone"; value: string }
  | { code: "kind"; value: string }
  | { code: "registryMissing" }
  | { code: "registry"; value: string }
  | { code: "noRayons" }
  | { code: "rayonUnknown"; value: string; suggestions: string[] }
  | { code: "rayonAmbiguous"; value: string; candidates: string[] }
  | { code: "noLanguages" }
  | { code: "language"; value: string }
  | { code: "specialization"; value: string }
  | { code: "mode"; value: string }
  | { code: "capacity"; value: string }
  | { code: "duplicateInFile"; line: number }
  /** Matches a mediator who applied in the bot themselves: their profile is theirs, not the register's. */
  | { code: "selfRegistered" }
  /** The phone and the register number belong to two different existing profiles. */
  | { code: "conflict" };

export interface LineEntry {
  line: number;
  entry: RegisterEntry;
}

export interface RejectedLine {
  line: number;
  problems: RowProblem[];
}

export type RegisterFile =
  | { ok: true; entries: LineEntry[]; rejected: RejectedLine[] }
  | { ok: false; problem: "empty" }
  | { ok: false; problem: "tooManyRows"; rows: number }
  | { ok: false; problem: "missingColumns"; missing: RegisterColumn[] };

function mapHeader(fields: readonly string[]): Partial<Record<RegisterColumn, number>> {
  const columns: Partial<Record<RegisterColumn, number>> = {};
  fields.forEach((name, index) => {
    const key = foldKey(name);
    const column = REGISTER_COLUMNS.find((c) => key === foldKey(COLUMN_HEADER[c]) || HEADER_ALIASES[c].includes(key));
    if (column && columns[column] === undefined) columns[column] = index;
  });
  return columns;
}

function checkRow(cell: (c: RegisterColumn) => string, resolver: RayonResolver): { entry?: RegisterEntry; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const name = checkFullName(cell("fullName"));
  if (!name.ok) problems.push({ code: "name" });
  const phone = normalizePhone(cell("phone"));
  if (!phone) problems.push({ code: "phone", value: cell("phone") });
  const kind = parseKind(cell("kind"));
  if (!kind) problems.push({ code: "kind", value: cell("kind") });
  let registryNumber: string | null = null;
  if (cell("registryNumber") !== "") {
    const registry = checkRegistryNumber(cell("registryNumber"));
    if (registry.ok) registryNumber = registry.value;
    else problems.push({ code: "registry", value: cell("registryNumber") });
  } else if (kind === "professional") problems.push({ code: "registryMissing" });

  const rayonCodes = new Set<string>();
  const rayonNames = splitRayonCell(cell("rayons"));
  if (rayonNames.length === 0) problems.push({ code: "noRayons" });
  for (const value of rayonNames) {
    const match = resolver.resolve(value);
    if (match.ok) rayonCodes.add(match.code);
    else if (match.problem === "ambiguous") problems.push({ code: "rayonAmbiguous", value, candidates: match.candidates });
    else problems.push({ code: "rayonUnknown", value, suggestions: match.suggestions });
  }

  const languages = parseLanguages(cell("languages"));
  for (const value of languages.unknown) problems.push({ code: "language", value });
  if (languages.values.length === 0 && languages.unknown.length === 0) problems.push({ code: "noLanguages" });
  // A register that does not say: every kind of dispute, meetings in person, three cases at a time.
  const specializations = cell("specializations") === "" ? { values: [...CATEGORIES], unknown: [] } : parseSpecializations(cell("specializations"));
  for (const value of specializations.unknown) problems.push({ code: "specialization", value });
  const modes = cell("modes") === "" ? { values: ["in_person" as const], unknown: [] } : parseModes(cell("modes"));
  for (const value of modes.unknown) problems.push({ code: "mode", value });
  const capacity = cell("maxOpenCases") === "" ? DEFAULT_MAX_OPEN_CASES : parseMaxOpenCases(cell("maxOpenCases"));
  if (capacity === null) problems.push({ code: "capacity", value: cell("maxOpenCases") });

  if (problems.length > 0 || !name.ok || !phone || !kind || capacity === null) return { problems };
  return {
    problems,
    entry: {
      fullName: name.value, phone, kind, registryNumber, rayonCodes: [...rayonCodes].sort(), languages: languages.values,
      specializations: specializations.values, modes: modes.values, maxOpenCases: capacity,
    },
  };
}

/** A register number compared as people write it: case, spaces, "№" and dashes ignored. */
export function registryKey(value: string | null): string | null {
  const key = value === null ? "" : value.toLowerCase().replace(/[\s№-]/g, "");
  return key === "" ? null : key;
}

export function readRegisterFile(text: string, resolver: RayonResolver): RegisterFile {
  const records = readCsv(text);
  if (records.length < 2) return { ok: false, problem: "empty" };
  if (records.length - 1 > MAX_REGISTER_ROWS) return { ok: false, problem: "tooManyRows", rows: records.length - 1 };
  const columns = mapHeader(records[0]!.fields);
  const missing = REQUIRED.filter((c) => columns[c] === undefined);
  if (missing.length > 0) return { ok: false, problem: "missingColumns", missing };

  const entries: LineEntry[] = [];
  const rejected: RejectedLine[] = [];
  const linesByPhone = new Map<string, number>();
  const linesByRegistry = new Map<string, number>();
  for (const { line, fields } of records.slice(1)) {
    const cell = (c: RegisterColumn) => (columns[c] === undefined ? "" : (fields[columns[c]!] ?? "").trim());
    const { entry, problems } = checkRow(cell, resolver);
    if (!entry) {
      rejected.push({ line, problems });
      continue;
    }
    const registry = registryKey(entry.registryNumber);
    const earlier = linesByPhone.get(entry.phone) ?? (registry ? linesByRegistry.get(registry) : undefined);
    if (earlier !== undefined) {
      rejected.push({ line, problems: [{ code: "duplicateInFile", line: earlier }] });
      continue;
    }
    linesByPhone.set(entry.phone, line);
    if (registry) linesByRegistry.set(registry, line);
    entries.push({ line, entry });
  }
  return { ok: true, entries, rejected };
}
