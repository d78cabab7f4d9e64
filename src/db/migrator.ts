// Applies committed migrations at start-up with the database driver directly (before Prisma opens),
// writing `_prisma_migrations` exactly as Prisma does. We do it ourselves because `prisma migrate deploy`
// does not work with the pg driver adapter (prisma/orm#27403) and needs the CLI at run time.
// Several instances may start together: SQLite serialises with BEGIN IMMEDIATE, PostgreSQL with an
// advisory lock, and each migration commits together with its bookkeeping row.
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { providerOf, sqliteFilePath } from "./database-url.js";
import { migrationsDir, pendingMigrations, readMigrations, type AppliedMigration } from "./migrations.js";

export interface MigrationResult {
  provider: "sqlite" | "postgresql";
  applied: string[];
}

/** Brings the database at `url` up to date. Idempotent; safe to run from several processes at once. */
export async function migrate(url: string, dir?: string): Promise<MigrationResult> {
  const provider = providerOf(url);
  const migrations = readMigrations(dir ?? migrationsDir(provider));
  const applied = provider === "sqlite" ? migrateSqlite(url, migrations) : await migratePostgres(url, migrations);
  return { provider, applied };
}

/** Names of migrations not yet applied (for /readyz); does not change anything. */
export async function listPendingMigrations(url: string, dir?: string): Promise<string[]> {
  const provider = providerOf(url);
  const migrations = readMigrations(dir ?? migrationsDir(provider));
  if (provider === "sqlite") {
    const db = new BetterSqlite3(sqliteFilePath(url), { fileMustExist: true });
    try {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name='_prisma_migrations'").get();
      const rows = exists ? (db.prepare(SELECT_APPLIED).all() as AppliedMigration[]) : [];
      return pendingMigrations(migrations, rows).map((m) => m.name);
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('_prisma_migrations') AS t");
    const rows = exists.rows[0]?.t ? ((await client.query(SELECT_APPLIED)).rows as AppliedMigration[]) : [];
    return pendingMigrations(migrations, rows).map((m) => m.name);
  } finally {
    await client.end();
  }
}

const SELECT_APPLIED = `SELECT migration_name AS "migrationName", checksum, finished_at AS "finishedAt", rolled_back_at AS "rolledBackAt" FROM _prisma_migrations`;

// The bookkeeping tables exactly as Prisma's schema engine creates them.
const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;
const POSTGRES_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma writes SQLite timestamps as RFC 3339 with milliseconds and an explicit +00:00 offset. */
function sqliteTimestamp(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

function migrateSqlite(url: string, migrations: ReturnType<typeof readMigrations>): string[] {
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, { timeout: 15_000 });
  try {
    // WAL lets readers (the bot) and a writer (a job) work at once; it is persistent in the file.
    db.pragma("journal_mode = WAL");
    // Prisma's SQLite migrations rebuild tables (CREATE new_X, copy, DROP X, rename). With foreign keys on,
    // DROP TABLE would cascade-delete child rows, and the script's own PRAGMA foreign_keys=OFF is ignored
    // inside a transaction: so keys are off for the run and checked at the end, as Prisma itself does.
    db.pragma("foreign_keys = OFF");
    db.exec(SQLITE_TABLE);
    const done: string[] = [];
    for (;;) {
      // One migration per immediate transaction: a concurrent migrator waits, then sees our row.
      db.exec("BEGIN IMMEDIATE");
      try {
        const next = pendingMigrations(migrations, db.prepare(SELECT_APPLIED).all() as AppliedMigration[])[0];
        if (!next) {
          db.exec("COMMIT");
          const violations = db.pragma("foreign_key_check") as unknown[];
          if (violations.length > 0) throw new Error(`Migrations left ${violations.length} foreign key violation(s): ${JSON.stringify(violations.slice(0, 3))}`);
          return done;
        }
        const id = randomUUID();
        db.prepare(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, ?, 0)`).run(
          id, next.checksum, next.name, sqliteTimestamp(new Date()),
        );
        db.exec(next.sql);
        db.pragma("foreign_keys = OFF"); // the script turns them back on at its end
        db.prepare(`UPDATE "_prisma_migrations" SET finished_at = ?, applied_steps_count = 1 WHERE id = ?`).run(sqliteTimestamp(new Date()), id);
        db.exec("COMMIT");
        done.push(next.name);
      } catch (error) {
        if (db.inTransaction) db.exec("ROLLBACK");
        throw error;
      }
    }
  } finally {
    db.close();
  }
}

// An arbitrary constant that names "Kelisim migrations" among advisory locks.
const MIGRATION_LOCK_KEY = 727_343_001;

async function migratePostgres(url: string, migrations: ReturnType<typeof readMigrations>): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(POSTGRES_TABLE);
    const applied = (await client.query(SELECT_APPLIED)).rows as AppliedMigration[];
    const done: string[] = [];
    for (const m of pendingMigrations(migrations, applied)) {
      const id = randomUUID();
      await client.query("BEGIN");
      try {
        await client.query(`INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`, [id, m.checksum, m.name]);
        await client.query(m.sql);
        await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
        await client.query("COMMIT");
        done.push(m.name);
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${m.name} failed and was rolled back: ${(error as Error).message}`);
      }
    }
    return done;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
