// Opens the Prisma client for DATABASE_URL through a driver adapter (no native engine needed):
// SQLite via better-sqlite3 (embedded default), PostgreSQL via pg (scale-out).
// Both generated clients come from schemas with identical models (test/db/schema-drift.test.ts), so
// the rest of the code uses one client type: the SQLite one.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as PostgresClient } from "../generated/postgresql/client.js";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import { providerOf, sqliteFilePath, type DatabaseProvider } from "./database-url.js";
import pg from "pg";
import { directSql, postgresDirectSql, registerDirectSql, sqliteDirectSql, type SqliteConnection } from "./direct-sql.js";

export type PrismaClient = SqliteClient;

export interface Database {
  provider: DatabaseProvider;
  prisma: PrismaClient;
  close(): Promise<void>;
}

export function openDatabase(url: string): Database {
  const provider = providerOf(url);
  if (provider === "sqlite") {
    // The adapter's connection is kept for the statements of every update (direct-sql.ts).
    let connected: ReturnType<PrismaBetterSQLite3["connect"]> | undefined;
    const factory = new (class extends PrismaBetterSQLite3 {
      override connect() {
        return (connected = super.connect());
      }
    })({ url: sqliteFilePath(url), timeout: 15_000 });
    const prisma = new SqliteClient({ adapter: factory });
    const connection = async () => {
      if (!connected) await prisma.$connect();
      // The adapter keeps its better-sqlite3 Database in `client` (not typed; direct-sql.ts checks its shape).
      return ((await connected) as unknown as { client?: SqliteConnection }).client;
    };
    registerDirectSql(prisma, sqliteDirectSql(connection, directSql(prisma, "sqlite")));
    return { provider, prisma, close: () => prisma.$disconnect() };
  }
  // Same models, other provider: structurally the same API (see the header comment). The pool is ours, so the
  // statements of every update (direct-sql.ts) use the same connections without Prisma's pipeline.
  const pool = new pg.Pool({ connectionString: url });
  const prisma = new PostgresClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) }) as unknown as PrismaClient;
  registerDirectSql(prisma, postgresDirectSql(pool, pg.types));
  const close = async () => {
    await prisma.$disconnect(); // ends the pool if Prisma had connected
    if (!pool.ended) await pool.end(); // the direct statements may have used it without Prisma
  };
  return { provider, prisma, close };
}
