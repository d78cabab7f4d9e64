// A migrated database with Kazakhstan's regions loaded, opened for one test file on one target and closed
// (and dropped) after it: the set-up every repository test file shares.
import { afterAll, beforeAll } from "vitest";
import { openDatabase, type Database } from "../../src/db/client.js";
import { migrate } from "../../src/db/migrator.js";
import { loadRegions } from "../../src/db/regions/load-regions.js";
import { createRegionRepository } from "../../src/db/repositories/region-repository.js";
import type { DatabaseTarget, TestDatabase } from "./databases.js";

/** Call inside a describe: the returned function gives the open database once beforeAll has run. */
export function useMigratedDatabase(target: DatabaseTarget): () => Database {
  let testDb: TestDatabase | undefined;
  let db: Database | undefined;
  beforeAll(async () => {
    testDb = await target.create();
    await migrate(testDb.url);
    db = openDatabase(testDb.url);
    await loadRegions(createRegionRepository(db.prisma));
  });
  afterAll(async () => {
    await db?.close();
    await testDb?.drop();
  });
  return () => {
    if (!db) throw new Error("useMigratedDatabase: the database is opened in beforeAll; read it inside a test");
    return db;
  };
}
