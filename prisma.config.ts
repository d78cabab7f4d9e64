// Prisma CLI configuration. The CLI runs in driver-adapter mode because this project never
// downloads Prisma's native engines (see README "Database"). The CLI's own database commands
// (`migrate status`, `migrate deploy`, `db push`) are meant for the SQLite flavour; PostgreSQL
// migrations are applied by the app itself (src/db/migrator.ts) because of prisma/orm#27403.
import "dotenv/config";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

const DEFAULT_SQLITE_URL = "file:./data/kelisim.db";

function sqliteUrl(): string {
  const url = process.env.DATABASE_URL ?? DEFAULT_SQLITE_URL;
  if (!url.startsWith("file:")) return DEFAULT_SQLITE_URL;
  return `file:${path.resolve(url.slice("file:".length))}`;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "sqlite", "schema.prisma"),
  async adapter() {
    const url = sqliteUrl();
    // better-sqlite3 creates the file but not its folder (./data/ is not committed).
    mkdirSync(path.dirname(url.slice("file:".length)), { recursive: true });
    return new PrismaBetterSQLite3({ url });
  },
});
