// Prisma CLI configuration, in driver-adapter mode because this project never downloads Prisma's native
// engines. DATABASE_URL picks the flavour: file: → prisma/sqlite (better-sqlite3), postgresql:// →
// prisma/postgresql (pg). `migrate status` and `migrate diff` work with both adapters; applying migrations
// to PostgreSQL is done by the app itself (src/db/migrator.ts) because of prisma/orm#27403.
import "dotenv/config";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const url = process.env.DATABASE_URL || "file:./data/kelisim.db";
const postgres = /^postgres(ql)?:\/\//.test(url);

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", postgres ? "postgresql" : "sqlite", "schema.prisma"),
  async adapter() {
    if (postgres) return new PrismaPg({ connectionString: url });
    const file = path.resolve(url.slice("file:".length));
    // better-sqlite3 creates the file but not its folder (./data/ is not committed).
    mkdirSync(path.dirname(file), { recursive: true });
    return new PrismaBetterSQLite3({ url: `file:${file}` });
  },
});
