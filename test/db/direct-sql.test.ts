// The direct SQL path (src/db/direct-sql.ts) used for the statements of every update: what it writes, Prisma
// reads back unchanged and the other way round (timestamps above all), inside and outside the direct path,
// on every database under test.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { directSql, toBigInt, toDate, toNumber } from "../../src/db/direct-sql.js";
import { migrate } from "../../src/db/migrator.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";

const AT = new Date("2026-03-05T07:08:09.123Z");

describe.each(databaseTargets())("direct SQL on $name", (target) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await target.create();
    await migrate(database.url);
    db = openDatabase(database.url);
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });

  it("writes timestamps and big integers the way Prisma stores them", async () => {
    const sql = directSql(db.prisma);
    const changed = await sql.execute(`INSERT INTO "StorageEntry" ("key", "value", "createdAt", "updatedAt") VALUES (?, ?, ?, ?)`, ["t:1", "{}", AT, AT]);
    expect(changed).toBe(1);
    const viaPrisma = await db.prisma.storageEntry.findUniqueOrThrow({ where: { key: "t:1" } });
    expect(viaPrisma.createdAt.toISOString()).toBe(AT.toISOString());
    // Prisma's own filters on the column match what the direct path wrote.
    expect(await db.prisma.storageEntry.count({ where: { key: "t:1", updatedAt: { gte: AT, lte: AT } } })).toBe(1);
  });

  it("reads what Prisma wrote: ids, telegram ids beyond 2^31, timestamps, nulls", async () => {
    const telegramId = 7_123_456_789n;
    const created = await db.prisma.user.create({ data: { telegramId, firstName: "Айгүл", lastName: null, telegramLanguage: "kk", startedAt: AT } });
    const sql = directSql(db.prisma);
    const [row] = await sql.query(`SELECT "id", "telegramId", "firstName", "lastName", "startedAt", "blockedAt" FROM "User" WHERE "telegramId" = ?`, [telegramId]);
    expect(row).toBeDefined();
    expect(toNumber(row!.id)).toBe(created.id);
    expect(toBigInt(row!.telegramId)).toBe(telegramId);
    expect(row!.firstName).toBe("Айгүл");
    expect(row!.lastName).toBeNull();
    expect(toDate(row!.startedAt)?.toISOString()).toBe(AT.toISOString());
    expect(toDate(row!.blockedAt)).toBeNull();
    expect(await sql.query(`SELECT "id" FROM "User" WHERE "telegramId" = ?`, [telegramId + 1n])).toEqual([]);
  });

  it("counts the rows a write changed, and none when nothing matched", async () => {
    const sql = directSql(db.prisma);
    expect(await sql.execute(`DELETE FROM "StorageEntry" WHERE "key" = ?`, ["t:absent"])).toBe(0);
    expect(await sql.execute(`UPDATE "StorageEntry" SET "value" = ? WHERE "key" = ?`, ["[1]", "t:1"])).toBe(1);
    expect((await db.prisma.storageEntry.findUniqueOrThrow({ where: { key: "t:1" } })).value).toBe("[1]");
  });

  it("a client it does not know (a transaction) goes through Prisma, inside that transaction", async () => {
    await expect(
      db.prisma.$transaction(async (tx) => {
        await directSql(tx).execute(`DELETE FROM "StorageEntry" WHERE "key" = ?`, ["t:1"]);
        expect(await directSql(tx).query(`SELECT "key" FROM "StorageEntry" WHERE "key" = ?`, ["t:1"])).toEqual([]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await db.prisma.storageEntry.count({ where: { key: "t:1" } })).toBe(1);
  });

  it("works before Prisma has run any query of its own", async () => {
    const fresh = openDatabase(database.url);
    const [row] = await directSql(fresh.prisma).query(`SELECT "value" FROM "StorageEntry" WHERE "key" = ?`, ["t:1"]);
    expect(row?.value).toBe("[1]");
    await fresh.close();
  });
});
