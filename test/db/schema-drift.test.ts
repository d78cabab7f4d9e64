// The SQLite and PostgreSQL flavours must describe the same models and carry the same migrations;
// otherwise the two generated clients (and the app on each database) drift apart.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrate } from "../../src/db/migrator.js";
import { databaseTargets } from "../support/databases.js";
import { schemaFingerprint } from "../support/schema-fingerprint.js";

const flavours = ["sqlite", "postgresql"] as const;

/** The schema without its header (generator + datasource), comments and blank lines. */
function models(flavour: string): string {
  const text = readFileSync(`prisma/${flavour}/schema.prisma`, "utf8");
  const body = text.slice(text.indexOf("// ---- models"));
  return body
    .split("\n")
    .filter((line) => !line.trim().startsWith("//") && line.trim() !== "")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .join("\n");
}

function migrationNames(flavour: string): string[] {
  return readdirSync(`prisma/${flavour}/migrations`, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
}

describe("schema flavours", () => {
  it("declare identical models", () => {
    expect(models("sqlite").length).toBeGreaterThan(100);
    expect(models("postgresql")).toEqual(models("sqlite"));
  });

  it("have the same migrations, each for its own provider", () => {
    expect(migrationNames("postgresql")).toEqual(migrationNames("sqlite"));
    for (const flavour of flavours) {
      expect(readFileSync(`prisma/${flavour}/migrations/migration_lock.toml`, "utf8")).toContain(`provider = "${flavour}"`);
      expect(readFileSync(`prisma/${flavour}/schema.prisma`, "utf8")).toContain(`provider = "${flavour}"`);
    }
  });

});

// A model change without a migration (on either provider) fails here: the database built by the committed
// migrations must equal the one built straight from the schema (`prisma migrate diff --from-empty`).
describe.each(databaseTargets())("committed migrations on $name", (target) => {
  it("build exactly the schema's database", async () => {
    const byMigrations = await target.create();
    const bySchema = await target.create();
    const scriptDir = mkdtempSync(path.join(tmpdir(), "kelisim-schema-"));
    try {
      const script = execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", `prisma/${target.name}/schema.prisma`, "--script"], {
        encoding: "utf8",
        // The CLI only needs some adapter to start; a scratch SQLite file is the fastest for both flavours.
        env: { ...process.env, DATABASE_URL: `file:${path.join(scriptDir, "cli.db")}` },
      });
      mkdirSync(path.join(scriptDir, "0_schema"));
      writeFileSync(path.join(scriptDir, "0_schema", "migration.sql"), script);
      await migrate(byMigrations.url);
      await migrate(bySchema.url, scriptDir);
      expect(await schemaFingerprint(byMigrations.url), `${target.name}: the schema changed without a migration (README, "Changing the models")`).toEqual(
        await schemaFingerprint(bySchema.url),
      );
    } finally {
      rmSync(scriptDir, { recursive: true, force: true });
      await byMigrations.drop();
      await bySchema.drop();
    }
  }, 30_000);
});
