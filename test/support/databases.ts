// Databases the database tests run against: always a fresh SQLite file; also a fresh PostgreSQL
// database when TEST_DATABASE_URL names a server (each test file gets its own database, dropped after).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export interface DatabaseTarget {
  name: "sqlite" | "postgresql";
  create(): Promise<TestDatabase>;
}

export function freshSqlite(): TestDatabase {
  const dir = mkdtempSync(path.join(tmpdir(), "kelisim-test-"));
  return { url: `file:${path.join(dir, "kelisim.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A new, empty database on the server of adminUrl (the benchmark uses it too, with its own prefix). */
export async function freshPostgres(adminUrl: string, prefix = "kelisim_test"): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end().catch(() => undefined);
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export function databaseTargets(): DatabaseTarget[] {
  const targets: DatabaseTarget[] = [{ name: "sqlite", create: async () => freshSqlite() }];
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) targets.push({ name: "postgresql", create: () => freshPostgres(pgUrl) });
  return targets;
}
