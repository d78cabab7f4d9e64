import { describe, expect, it } from "vitest";
import { bundledRegionDirectory } from "../../src/db/regions/load-regions.js";
import { readCsv } from "../../src/domain/register-import/csv-reader.js";
import { planImport, type ExistingProfile } from "../../src/domain/register-import/import-plan.js";
import { createRayonResolver } from "../../src/domain/register-import/rayon-resolver.js";
import { readRegisterFile, type RegisterEntry } from "../../src/domain/register-import/register-file.js";
import { parseKind, parseLanguages, parseModes, parseSpecializations } from "../../src/domain/register-import/register-values.js";
import { buildRows, ROWS, toCsv } from "../fixtures/register/register-fixture.js";

const regions = bundledRegionDirectory();
const resolver = createRayonResolver(regions.oblasts(), regions.oblasts().flatMap((o) => regions.rayonsOf(o.code)));

describe("CSV reading", () => {
  it("reads BOM, semicolons, quotes, doubled quotes and line breaks inside quotes, with each record's line", () => {
    const records = readCsv('\uFEFFa;b;c\r\n1;"x;y";"say ""hi"""\r\n\r\n2;"two\nlines";z\n3;;\n');
    expect(records).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["1", "x;y", 'say "hi"'] },
      { line: 4, fields: ["2", "two\nlines", "z"] },
      { line: 6, fields: ["3", "", ""] },
    ]);
    expect(readCsv("a,b\n1,2").map((r) => r.fields)).toEqual([["a", "b"], ["1", "2"]]);
    expect(readCsv("a\tb\n1\t2").map((r) => r.fields)).toEqual([["a", "b"], ["1", "2"]]);
  });
});

describe("register values", () => {
  it("reads kinds, languages, disputes and modes in kk, ru and en", () => {
    expect(["professional", "Профессиональный", "кәсіби"].map(parseKind)).toEqual(["professional", "professional", "professional"]);
    expect(["public", "общественный", "қоғамдық", "кәсіби емес", "непрофессиональный"].map(parseKind)).toEqual(Array(5).fill("public"));
    expect(parseKind("юрист")).toBeNull();
    expect(parseLanguages("қазақша; орысша, English")).toEqual({ values: ["kk", "ru", "en"], unknown: [] });
    expect(parseLanguages("kk, klingon")).toEqual({ values: ["kk"], unknown: ["klingon"] });
    expect(parseSpecializations("Отбасы, Мұра; Трудовые споры").values).toEqual(["family", "labour", "inheritance"]);
    expect(parseSpecializations("all").values).toHaveLength(8);
    expect(parseModes("лично, по телефону; by video call")).toEqual({ values: ["in_person", "phone", "video"], unknown: [] });
  });
});

describe("reading a register file", () => {
  it("refuses a file without rows or without the required columns", () => {
    expect(readRegisterFile("full_name,phone\n", resolver)).toEqual({ ok: false, problem: "empty" });
    expect(readRegisterFile("name,phone\nAigul,87011234567\n", resolver)).toEqual({ ok: false, problem: "missingColumns", missing: ["kind", "rayons", "languages"] });
  });

  it("accepts every valid row of the seeded register and names each rejected line with its reason", () => {
    const rows = buildRows();
    const file = readRegisterFile(toCsv(rows), resolver);
    if (!file.ok) throw new Error(`unexpected ${file.problem}`);
    const bad = rows.filter((r) => r.error);
    expect(rows).toHaveLength(ROWS);
    expect(bad.length).toBeGreaterThanOrEqual(20);
    expect(file.rejected.map((r) => [r.line, r.problems.map((p) => p.code)])).toEqual(bad.map((r) => [r.line, [r.error]]));
    expect(file.entries.map((e) => e.line)).toEqual(rows.filter((r) => !r.error).map((r) => r.line));
    // The line break inside row 4's note moves every later line down by one.
    expect(rows[5]!.line).toBe(rows[4]!.line + 2);
    const first = file.entries[0]!.entry;
    expect(first).toEqual({
      fullName: rows[0]!.fullName, phone: rows[0]!.phone, kind: "professional", registryNumber: "РМ-1000", rayonCodes: ["abai.beskaragay"],
      languages: ["kk", "ru"], specializations: ["family", "neighbours", "property", "labour", "consumer", "inheritance", "juvenile", "other"], modes: ["in_person"], maxOpenCases: 3,
    });
    const unknown = file.rejected.find((r) => r.problems[0]!.code === "rayonUnknown")!.problems[0]!;
    expect(unknown).toMatchObject({ value: "Бескарагайскй район", suggestions: expect.arrayContaining(["abai.beskaragay"]) });
    const duplicate = file.rejected.find((r) => r.problems[0]!.code === "duplicateInFile")!.problems[0]!;
    expect(duplicate).toEqual({ code: "duplicateInFile", line: rows[0]!.line });
  });
});

describe("planning an import", () => {
  const entry = (over: Partial<RegisterEntry> = {}): RegisterEntry => ({
    fullName: "Айгүл Омарова", phone: "+77010000001", kind: "professional", registryNumber: "РМ-1", rayonCodes: ["akmola.burabay"], languages: ["kk"],
    specializations: ["family"], modes: ["in_person"], maxOpenCases: 3, ...over,
  });
  const existing = (id: number, e: RegisterEntry, selfRegistered = false): ExistingProfile => ({ ref: { type: id > 100 ? "mediator" : "invite", id }, selfRegistered, entry: e });

  it("creates new profiles, updates matched ones with what differs, and leaves equal ones alone", () => {
    const plan = planImport(
      [
        { line: 2, entry: entry({ phone: "+77010000009", registryNumber: "РМ 1" }) },
        { line: 3, entry: entry({ phone: "+77010000002", registryNumber: null, kind: "public", maxOpenCases: 5 }) },
        { line: 4, entry: entry({ phone: "+77010000003", registryNumber: "РМ-3" }) },
        { line: 5, entry: entry({ phone: "+77010000004", registryNumber: "РМ-4" }) },
      ],
      [],
      [existing(1, entry()), existing(2, entry({ phone: "+77010000002", registryNumber: null, kind: "public" })), existing(3, entry({ phone: "+77010000003", registryNumber: "РМ-3" }))],
    );
    // Matched by register number (spelling of the number aside): the phone changed.
    expect(plan.updates).toEqual([
      expect.objectContaining({ line: 2, target: { type: "invite", id: 1 }, changes: ["phone", "registryNumber"] }),
      expect.objectContaining({ line: 3, target: { type: "invite", id: 2 }, changes: ["maxOpenCases"] }),
    ]);
    expect(plan.unchanged.map((u) => u.line)).toEqual([4]);
    expect(plan.creates.map((c) => c.line)).toEqual([5]);
  });

  it("refuses to overwrite a self-registered mediator and to guess between two profiles", () => {
    const plan = planImport(
      [{ line: 2, entry: entry({ phone: "+77010000005", registryNumber: "РМ-5" }) }, { line: 3, entry: entry({ phone: "+77010000006", registryNumber: "РМ-7" }) }],
      [{ line: 4, problems: [{ code: "phone", value: "1" }] }],
      [
        existing(101, entry({ phone: "+77010000005", registryNumber: null }), true),
        existing(6, entry({ phone: "+77010000006", registryNumber: "РМ-6" })),
        existing(7, entry({ phone: "+77010000007", registryNumber: "РМ-7" })),
      ],
    );
    expect(plan.rejected).toEqual([
      { line: 2, problems: [{ code: "selfRegistered" }] },
      { line: 3, problems: [{ code: "conflict" }] },
      { line: 4, problems: [{ code: "phone", value: "1" }] },
    ]);
    expect(plan.creates.length + plan.updates.length + plan.unchanged.length).toBe(0);
  });
});
