// Which database a DATABASE_URL names. The scheme decides: file: → SQLite, postgres(ql):// → PostgreSQL.
import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export function providerOf(url: string): DatabaseProvider {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  throw new Error(`DATABASE_URL "${url.split(":")[0]}:…" is neither file: (SQLite) nor postgresql:// (PostgreSQL).`);
}

/** Absolute path of the SQLite file named by a file: URL (relative paths are taken from the working directory). */
export function sqliteFilePath(url: string): string {
  const p = url.slice("file:".length).split("?")[0] ?? "";
  return p === ":memory:" ? p : path.resolve(p);
}
