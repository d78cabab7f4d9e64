// Reading committed migrations and deciding what to apply. Pure logic shared by both providers;
// the checksum is what Prisma itself stores (SHA-256 of migration.sql), so `prisma migrate status`
// accepts rows written by our migrator.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { DatabaseProvider } from "./database-url.js";
import { projectRoot } from "./project-root.js";

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  migrationName: string;
  checksum: string;
  finishedAt: unknown;
  rolledBackAt: unknown;
}

export function migrationsDir(provider: DatabaseProvider): string {
  return path.join(projectRoot(), "prisma", provider, "migrations");
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}. Is the project checked out completely?`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Migrations still to apply, in order. Refuses (with a fix) when the database holds a failed
 * migration or one whose file was edited after it ran: both need a human, never a silent retry.
 */
export function pendingMigrations(available: Migration[], applied: AppliedMigration[]): Migration[] {
  const live = applied.filter((a) => a.rolledBackAt == null);
  const failed = live.filter((a) => a.finishedAt == null);
  if (failed.length > 0) {
    throw new Error(
      `Migration ${failed.map((f) => f.migrationName).join(", ")} failed earlier and was not rolled back. ` +
        "Fix the database by hand, then mark it with `npx prisma migrate resolve --rolled-back <name>`.",
    );
  }
  const done = new Map(live.map((a) => [a.migrationName, a.checksum]));
  for (const m of available) {
    const checksum = done.get(m.name);
    if (checksum !== undefined && checksum !== m.checksum) {
      throw new Error(`Migration ${m.name} was modified after it was applied. Restore its migration.sql or add a new migration instead.`);
    }
  }
  return available.filter((m) => !done.has(m.name));
}
