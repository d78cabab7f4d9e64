// Reads a CSV document as spreadsheet programs save it: UTF-8 with or without a BOM, comma, semicolon
// (Excel in Russian and Kazakh locales) or tab separators, quoted fields with doubled quotes and line
// breaks inside, CRLF or LF. Each record keeps the line it starts on, so the report can name it.

export interface CsvRecord {
  /** 1-based line of the file where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

const SEPARATORS = [",", ";", "\t"] as const;

/** The separator used most often outside quotes on the first line (the header); comma when none is. */
export function detectSeparator(text: string): string {
  const counts = new Map<string, number>(SEPARATORS.map((s) => [s, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best), [",", 0] as [string, number])[0];
}

/**
 * Our own CSV files put an apostrophe before a cell that starts like a formula ("+7 701…", see
 * neutraliseCsvCell in src/domain/statistics.ts); spreadsheets keep it when they save. It is taken off here,
 * so an exported register imports back unchanged.
 */
function withoutFormulaGuard(cell: string): string {
  return /^\s*'[=+\-@\t\r]/.test(cell) ? cell.replace("'", "") : cell;
}

/** Every record of the document; records whose fields are all blank are left out. */
export function readCsv(input: string): CsvRecord[] {
  const text = input.replace(/^\uFEFF/, "");
  const separator = detectSeparator(text);
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    fields = fields.map(withoutFormulaGuard);
    if (fields.some((f) => f.trim() !== "")) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === "") (quoted = true), (field = "");
    else if (ch === separator) fields.push(field), (field = "");
    else if (ch === "\r" || ch === "\n") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      line++;
      recordLine = line;
    } else field += ch;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
