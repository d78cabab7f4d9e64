// Opens the Prisma client for DATABASE_URL through a driver adapter (no native engine needed):
// SQLite via better-sqlite3 (embedded default), PostgreSQL via pg (scale-out).
// Both generated clients come from schemas with identical models (test/db/schema-drift.test.ts), so
// the rest of the code uses one client type: the SQLite one.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import { providerOf, sqliteFilePath, type DatabaseProvider } from "./database-url.js";

export type PrismaClient = SqliteClient;

export interface Database {
  provider: DatabaseProvider;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export function openDatabase(url: string): Database {
  const provider = providerOf(url);
  const prisma =
    provider === "sqlite"
      ? new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: sqliteFilePath(url), timeout: 15_000 }) })
      : // Same models, other provider: structurally the same API (see the header comment).
        (new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as PrismaClient);
  return { provider, prisma, close: () => prisma.$disconnect() };
}
