// `npm run db:migrate`: applies pending migrations to DATABASE_URL (default SQLite file) and exits.
import "dotenv/config";
import { migrate } from "./migrator.js";

const url = process.env.DATABASE_URL || "file:./data/kelisim.db";
try {
  const { provider, applied } = await migrate(url);
  console.log(applied.length === 0 ? `${provider}: database is up to date.` : `${provider}: applied ${applied.join(", ")}.`);
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
