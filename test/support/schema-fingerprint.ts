// A comparable description of a database's tables, columns, indexes and foreign keys, read from the
// database itself. Column order is ignored (ALTER TABLE ADD COLUMN appends where a fresh CREATE would not).
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { providerOf, sqliteFilePath } from "../../src/db/database-url.js";

export async function schemaFingerprint(url: string): Promise<string[]> {
  return providerOf(url) === "sqlite" ? sqliteFingerprint(url) : postgresFingerprint(url);
}

function sqliteFingerprint(url: string): string[] {
  const db = new BetterSqlite3(sqliteFilePath(url), { readonly: true });
  try {
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name NOT IN ('_prisma_migrations','sqlite_sequence')").all() as Array<{ name: string }>).map((t) => t.name);
    const out: string[] = [];
    for (const table of tables) {
      for (const c of db.pragma(`table_info("${table}")`) as Array<{ name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>)
        out.push(`column ${table}.${c.name} ${c.type} notnull=${c.notnull} default=${String(c.dflt_value)} pk=${c.pk}`);
      for (const i of db.pragma(`index_list("${table}")`) as Array<{ name: string; unique: number }>) {
        const cols = (db.pragma(`index_info("${i.name}")`) as Array<{ name: string }>).map((x) => x.name).join(",");
        out.push(`index ${table}.${i.name} unique=${i.unique} (${cols})`);
      }
      for (const f of db.pragma(`foreign_key_list("${table}")`) as Array<{ table: string; from: string; to: string; on_delete: string; on_update: string }>)
        out.push(`fk ${table}.${f.from} -> ${f.table}.${f.to} delete=${f.on_delete} update=${f.on_update}`);
    }
    return out.sort();
  } finally {
    db.close();
  }
}

async function postgresFingerprint(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const indexes = await client.query(`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
    const constraints = await client.query(
      `SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
    );
    return [
      ...columns.rows.map((c) => `column ${c.table_name}.${c.column_name} ${c.data_type} nullable=${c.is_nullable} default=${c.column_default}`),
      ...indexes.rows.map((i) => `index ${i.tablename} ${i.indexdef}`),
      ...constraints.rows.map((c) => `constraint ${c.table_name}.${c.conname} ${c.def}`),
    ].sort();
  } finally {
    await client.end();
  }
}
