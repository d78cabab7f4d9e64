// Plain SQL for the few statements run on (nearly) every update — the person's row, conversation state —
// sent straight to the driver Prisma already uses, without Prisma's per-call pipeline. Measured with
// `npm run bench` (issue #17): a point read through prisma.$queryRaw cost about 250 µs of CPU on SQLite (request
// building, the query interpreter, a fresh prepared statement every time, result mapping); the same read on a
// cached better-sqlite3 statement costs a few µs.
//
// - SQLite: the very connection of Prisma's better-sqlite3 adapter (captured when Prisma connects), with its
//   prepared statements kept. It is the same connection, so a statement here behaves exactly like one of
//   Prisma's own queries outside a transaction (a second connection could wait on Prisma's write lock while
//   holding the event loop).
// - PostgreSQL: the pg pool Prisma's adapter was given (openDatabase creates it), so the same connections.
// - Anything else (a client made by hand in a test, a transaction client): prisma.$queryRawUnsafe, correct
//   and as slow as before.
//
// SQL is written once for both providers with `?` placeholders (turned into $1, $2… for PostgreSQL) and double-
// quoted identifiers. Values bound: string, number, bigint, boolean, Date (stored as Prisma stores it) or null.
// Rows come back as objects; integers may be number or bigint and timestamps Date or string, depending on the
// path: callers normalise with the helpers at the end (toNumber, toBigInt, toDate).
import type { Pool, QueryConfig } from "pg";
import type { DatabaseProvider } from "./database-url.js";

export type SqlValue = string | number | bigint | boolean | Date | null;
export type SqlRow = Record<string, unknown>;

export interface DirectSql {
  /** Rows of a SELECT (or of a statement with RETURNING). */
  query<T extends SqlRow = SqlRow>(sql: string, args: readonly SqlValue[]): Promise<T[]>;
  /** Number of rows a write changed. */
  execute(sql: string, args: readonly SqlValue[]): Promise<number>;
}

/** The part of a Prisma client the fallback needs (also satisfied by a transaction client). */
interface RawCapable {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** The better-sqlite3 surface used here (the adapter's `client`). */
interface SqliteStatement {
  reader: boolean;
  all(...args: unknown[]): unknown[];
  run(...args: unknown[]): { changes: number };
}
export interface SqliteConnection {
  open: boolean;
  prepare(sql: string): SqliteStatement;
}

const registry = new WeakMap<object, DirectSql>();

/** Called by openDatabase: statements for this client take the direct path. */
export function registerDirectSql(prisma: object, sql: DirectSql): void {
  registry.set(prisma, sql);
}

/** The direct path registered for this client, or the $queryRawUnsafe one. */
export function directSql(prisma: RawCapable, provider?: DatabaseProvider): DirectSql {
  return registry.get(prisma) ?? rawUnsafeSql(prisma, provider ?? guessProvider(prisma));
}

function guessProvider(prisma: RawCapable): DatabaseProvider {
  // A transaction or hand-made client: its provider is in Prisma's own field (fallback only).
  const active = (prisma as { _activeProvider?: string })._activeProvider;
  return active === "postgresql" || active === "postgres" ? "postgresql" : "sqlite";
}

/** `?` placeholders to `$1, $2…` (the SQL here never has a literal question mark). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/** How Prisma's better-sqlite3 adapter stores a DateTime (timestampFormat "iso8601", its default). */
const sqliteValue = (value: SqlValue): unknown => (value instanceof Date ? value.toISOString().replace("Z", "+00:00") : typeof value === "boolean" ? (value ? 1 : 0) : value);
/** How Prisma's pg adapter sends a DateTime to a `timestamp(3)` column: UTC wall time. */
const postgresValue = (value: SqlValue): unknown => (value instanceof Date ? value.toISOString().replace("T", " ").replace("Z", "") : typeof value === "bigint" ? value.toString() : value);

function rawUnsafeSql(prisma: RawCapable, provider: DatabaseProvider): DirectSql {
  const text = (sql: string) => (provider === "postgresql" ? numbered(sql) : sql);
  return {
    query: <T extends SqlRow>(sql: string, args: readonly SqlValue[]) => prisma.$queryRawUnsafe<T[]>(text(sql), ...args),
    execute: (sql, args) => prisma.$executeRawUnsafe(text(sql), ...args),
  };
}

/**
 * SQLite through the adapter's own connection. `connection()` resolves it (connecting Prisma first if it has not
 * yet); undefined when the adapter does not expose one (another Prisma version): then the fallback runs.
 */
export function sqliteDirectSql(connection: () => Promise<SqliteConnection | undefined>, fallback: DirectSql): DirectSql {
  const statements = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
  const statement = (db: SqliteConnection, sql: string) => {
    let cache = statements.get(db);
    if (!cache) statements.set(db, (cache = new Map()));
    let prepared = cache.get(sql);
    if (!prepared) cache.set(sql, (prepared = db.prepare(sql)));
    return prepared;
  };
  const open = async () => {
    const db = await connection();
    return db && db.open && typeof db.prepare === "function" ? db : undefined;
  };
  return {
    async query<T extends SqlRow>(sql: string, args: readonly SqlValue[]) {
      const db = await open();
      if (!db) return fallback.query<T>(sql, args);
      return statement(db, sql).all(...args.map(sqliteValue)) as T[];
    },
    async execute(sql, args) {
      const db = await open();
      if (!db) return fallback.execute(sql, args);
      return statement(db, sql).run(...args.map(sqliteValue)).changes;
    },
  };
}

/** Timestamps without time zone hold UTC wall time (as Prisma writes them); pg would read them as local time. */
const TIMESTAMP_OID = 1114;
const utcTimestamp = (value: string) => new Date(`${value.replace(" ", "T")}Z`);

type TypeParser = (value: string) => unknown;

/** PostgreSQL through the pool Prisma's adapter uses; `types` is pg's own (pg.types), passed in so that this file does not load pg. */
export function postgresDirectSql(pool: Pool, types: { getTypeParser(oid: number, format?: "text"): TypeParser }): DirectSql {
  const parsers = { getTypeParser: (oid: number, format?: "text") => (oid === TIMESTAMP_OID ? utcTimestamp : types.getTypeParser(oid, format)) };
  const config = (sql: string, args: readonly SqlValue[]) => ({ text: numbered(sql), values: args.map(postgresValue), types: parsers }) as unknown as QueryConfig;
  return {
    async query<T extends SqlRow>(sql: string, args: readonly SqlValue[]) {
      return (await pool.query(config(sql, args))).rows as T[];
    },
    async execute(sql, args) {
      return (await pool.query(config(sql, args))).rowCount ?? 0;
    },
  };
}

export const toNumber = (value: unknown): number => (typeof value === "number" ? value : Number(value));
export const toBigInt = (value: unknown): bigint => (typeof value === "bigint" ? value : BigInt(value as string | number));
export const toDate = (value: unknown): Date | null => (value === null || value === undefined ? null : value instanceof Date ? value : new Date(value as string | number));
