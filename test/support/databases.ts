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

async function freshPostgres(adminUrl: string): Promise<TestDatabase> {
  const name = `kelisim_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
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
