// People's rows kept in memory in polling mode (createUserRepository with cacheContacts): the read behind every
// update comes from memory, and every change made through the repository, or by erasure, is seen right after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetConversationOnErase } from "../../src/db/cache/forget-on-erase.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { createPrivacyRepository } from "../../src/db/repositories/privacy-repository.js";
import { createUserRepository } from "../../src/db/repositories/user-repository.js";
import { databaseTargets, type TestDatabase } from "../support/databases.js";

const identity = (telegramId: bigint, firstName = "Айгүл") => ({ telegramId, firstName, lastName: null, languageCode: "kk" });

describe.each(databaseTargets())("people's rows kept in memory on $name", (target) => {
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

  it("reads a person's row once, then from memory (a change behind its back shows only after forget)", async () => {
    const users = createUserRepository(db.prisma, { cacheContacts: 10 });
    expect((await users.recordContact(identity(101n))).isNew).toBe(true);
    await users.recordContact(identity(101n)); // read from the database, now held
    await db.prisma.user.update({ where: { telegramId: 101n }, data: { locale: "ru" } });
    expect((await users.findByTelegramId(101n))?.locale).toBeNull();
    users.forget(101n);
    expect((await users.findByTelegramId(101n))?.locale).toBe("ru");
    // Without the option nothing is held.
    await db.prisma.user.update({ where: { telegramId: 101n }, data: { locale: "en" } });
    expect((await createUserRepository(db.prisma).findByTelegramId(101n))?.locale).toBe("en");
  });

  it("sees its own changes at once: language, new names, blocked and unblocked", async () => {
    const users = createUserRepository(db.prisma, { cacheContacts: 10 });
    await users.recordContact(identity(102n));
    await users.findByTelegramId(102n);
    await users.setLocale(102n, "en");
    expect((await users.findByTelegramId(102n))?.locale).toBe("en");
    expect((await users.recordContact(identity(102n, "Айгүлім"))).user.firstName).toBe("Айгүлім");
    expect((await users.findByTelegramId(102n))?.firstName).toBe("Айгүлім");
    await users.markBlocked(102n, new Date("2026-01-02T03:04:05Z"));
    expect((await users.findByTelegramId(102n))?.blockedAt?.toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect((await users.recordContact(identity(102n, "Айгүлім"))).user.blockedAt).toBeNull(); // they wrote again
    expect((await users.findByTelegramId(102n))?.blockedAt).toBeNull();
  });

  it("erasure through the privacy wrapper forgets the row: blank names are not brought back from memory", async () => {
    const users = createUserRepository(db.prisma, { cacheContacts: 10 });
    await users.recordContact(identity(103n, "Нұрлан"));
    await users.findByTelegramId(103n);
    const privacy = forgetConversationOnErase(createPrivacyRepository(db.prisma), { forget: () => undefined }, users);
    await privacy.eraseFor(103n, new Date("2026-02-01T00:00:00Z"));
    const after = await users.recordContact(identity(103n, "Нұрлан"));
    expect(after.user.firstName).not.toBe("Нұрлан");
    expect((await db.prisma.user.findUniqueOrThrow({ where: { telegramId: 103n } })).firstName).not.toBe("Нұрлан");
  });
});
