// The SQLite and PostgreSQL flavours must describe the same models and carry the same migrations;
// otherwise the two generated clients (and the app on each database) drift apart.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { freshSqlite } from "../support/databases.js";

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

  it("differ from an empty database exactly by their migrations", async () => {
    // `prisma migrate diff` from the committed migrations to the schema must be empty: a model change
    // without a migration (on either provider) fails here. Checked by replaying the SQL on SQLite and
    // comparing with `--from-empty` output for the PostgreSQL flavour.
    const { execFileSync } = await import("node:child_process");
    const scratch = freshSqlite(); // the CLI's adapter opens a SQLite file; keep it out of ./data
    for (const flavour of flavours) {
      const fromEmpty = execFileSync("npx", ["prisma", "migrate", "diff", "--from-empty", "--to-schema-datamodel", `prisma/${flavour}/schema.prisma`, "--script"], {
        encoding: "utf8",
        env: { ...process.env, DATABASE_URL: scratch.url },
      });
      const committed = migrationNames(flavour).map((name) => readFileSync(`prisma/${flavour}/migrations/${name}/migration.sql`, "utf8")).join("\n");
      expect(normaliseSql(committed), `${flavour}: the schema changed without a migration; add a migration for both providers (README, "Changing the models")`).toEqual(normaliseSql(fromEmpty));
    }
    await scratch.drop();
  }, 30_000);
});

/** Statement set, independent of order and whitespace, so several migrations compare with one script. */
function normaliseSql(sql: string): string[] {
  return sql
    .split("\n")
    .filter((l) => !l.trim().startsWith("--"))
    .join("\n")
    .split(";")
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .sort();
}
