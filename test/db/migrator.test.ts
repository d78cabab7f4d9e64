import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { listPendingMigrations, migrate } from "../../src/db/migrator.js";
import { pendingMigrations, type Migration } from "../../src/db/migrations.js";
import { databaseTargets, freshSqlite, type TestDatabase } from "../support/databases.js";

const run = promisify(execFile);

describe.each(databaseTargets())("migrator on $name", (target) => {
  let db: TestDatabase | undefined;
  afterEach(async () => {
    await db?.drop();
    db = undefined;
  });

  it("applies every migration once, then has nothing to do", async () => {
    db = await target.create();
    const first = await migrate(db.url);
    expect(first.applied.length).toBeGreaterThan(0);
    expect(await listPendingMigrations(db.url)).toEqual([]);
    expect((await migrate(db.url)).applied).toEqual([]);

    const client = openDatabase(db.url);
    try {
      const rows = await client.prisma.$queryRawUnsafe<Array<{ migration_name: string; applied_steps_count: number | bigint; finished_at: unknown }>>(
        `SELECT migration_name, applied_steps_count, finished_at FROM _prisma_migrations`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
      expect(rows.every((r) => Number(r.applied_steps_count) === 1 && r.finished_at !== null)).toBe(true);
      expect(await client.prisma.user.count()).toBe(0);
    } finally {
      await client.close();
    }
  });

  it("is safe when two instances migrate at the same moment", async () => {
    db = await target.create();
    const results = await Promise.all([migrate(db.url), migrate(db.url), migrate(db.url)]);
    const appliedTotal = results.flatMap((r) => r.applied);
    expect(new Set(appliedTotal).size).toBe(appliedTotal.length);
    expect(await listPendingMigrations(db.url)).toEqual([]);
  });
});

describe("prisma's own view of a database we migrated", () => {
  it("`prisma migrate status` reports a fresh SQLite file up to date", async () => {
    const db = freshSqlite();
    try {
      await migrate(db.url);
      const { stdout } = await run("npx", ["prisma", "migrate", "status"], { env: { ...process.env, DATABASE_URL: db.url } });
      expect(stdout).toContain("Database schema is up to date!");
    } finally {
      await db.drop();
    }
  }, 30_000);
});

describe("pendingMigrations", () => {
  const m = (name: string, checksum = `sum-${name}`): Migration => ({ name, sql: "", checksum });
  const applied = (name: string, checksum = `sum-${name}`, finishedAt: unknown = "2026-01-01") => ({ migrationName: name, checksum, finishedAt, rolledBackAt: null });

  it("returns what is not applied, in order", () => {
    expect(pendingMigrations([m("1_a"), m("2_b"), m("3_c")], [applied("1_a")]).map((x) => x.name)).toEqual(["2_b", "3_c"]);
  });
  it("refuses a migration edited after it ran", () => {
    expect(() => pendingMigrations([m("1_a")], [applied("1_a", "other")])).toThrow(/modified after it was applied/);
  });
  it("refuses to go on after a failed migration, and says how to resolve it", () => {
    expect(() => pendingMigrations([m("1_a")], [applied("1_a", "sum-1_a", null)])).toThrow(/migrate resolve/);
  });
  it("ignores rolled-back attempts", () => {
    expect(pendingMigrations([m("1_a")], [{ migrationName: "1_a", checksum: "x", finishedAt: null, rolledBackAt: "2026-01-01" }]).map((x) => x.name)).toEqual(["1_a"]);
  });
});

describe("upgrading a database that holds data", () => {
  it.each(databaseTargets())("keeps every row when a migration rebuilds a table ($name)", async (target) => {
    const db = await target.create();
    const dir = (await import("../../src/db/migrations.js")).migrationsDir(target.name);
    const { mkdtempSync, cpSync, readdirSync } = await import("node:fs");
    const path = await import("node:path");
    const { tmpdir } = await import("node:os");
    // Apply all but the last migrations, store data, then apply the rest.
    const partial = mkdtempSync(path.join(tmpdir(), "kelisim-partial-"));
    const names = readdirSync(dir).filter((n) => !n.endsWith(".toml")).sort();
    for (const name of names.slice(0, 2)) cpSync(path.join(dir, name), path.join(partial, name), { recursive: true });
    await migrate(db.url, partial);
    const client = openDatabase(db.url);
    try {
      // Raw SQL: the generated client knows columns that later migrations add.
      await client.prisma.$executeRawUnsafe(`INSERT INTO "User" (id, "telegramId", "firstName", "updatedAt") VALUES (1, 1, 'A', CURRENT_TIMESTAMP)`);
      const user = { id: 1 };
      await client.prisma.oblast.create({ data: { code: "o", kind: "oblast", kato: "1", nameKk: "o", nameRu: "o", nameEn: "o", sortOrder: 0 } });
      await client.prisma.rayon.create({ data: { code: "o.r", oblastCode: "o", kind: "rayon", kato: "2", nameKk: "r", nameRu: "r", nameEn: "r", adminCenter: "r", latitude: 50, longitude: 70, sortOrder: 0 } });
      await client.prisma.$executeRawUnsafe(
        `INSERT INTO "MediationRequest" (code, "citizenId", status, category, "otherParty", "otherPartyAware", "inCourt", "rayonCode", mode, "sessionLanguage", "consentAt", "submittedAt", "updatedAt") VALUES ('KL-AAAAA', ${user.id}, 'submitted', 'family', 'relative', 'agrees', false, 'o.r', 'phone', 'kk', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)`,
      );
      await client.prisma.$executeRawUnsafe(`INSERT INTO "RequestStatusChange" ("requestId", "toStatus", "actorRole") VALUES (1, 'submitted', 'citizen')`);
    } finally {
      await client.close();
    }
    await migrate(db.url);
    const after = openDatabase(db.url);
    try {
      expect(await after.prisma.mediationRequest.count()).toBe(1);
      expect(await after.prisma.requestStatusChange.count()).toBe(1);
    } finally {
      await after.close();
      await db.drop();
    }
  }, 30_000);
});
