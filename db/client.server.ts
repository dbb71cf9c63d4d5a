import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import {
  drizzle,
  type BetterSQLite3Database,
} from "drizzle-orm/better-sqlite3";
import { applyMigrations } from "./migrator.server";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & {
  $client: Database.Database;
};

/** What a transaction's callback works with. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const MIGRATIONS_FOLDER = resolve("db/migrations");

/** Opens (creating when missing) a SQLite file with the pragmas every connection needs. */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Readers and the single writer wait for each other instead of failing with SQLITE_BUSY.
  sqlite.pragma("busy_timeout = 5000");
  // FULL: a comment the site has acknowledged survives a power cut too, not only a crash of the
  // process (NORMAL with WAL could lose the last commits). It costs one fsync per write.
  sqlite.pragma("synchronous = FULL");
  keepPreparedStatements(sqlite);
  return drizzle({ client: sqlite, schema });
}

/** Enough for every query the app writes, with its variants; the least recently used go first. */
const KEPT_STATEMENTS = 500;

/**
 * drizzle prepares each query afresh, and compiling the SQL was 7 % of a comment POST's time:
 * the connection keeps its statements by their text and hands them back in their plain mode
 * (drizzle switches a statement to raw rows when it wants them), unless one is still busy
 * (being iterated), which gets a fresh one (decision 069).
 */
function keepPreparedStatements(sqlite: Database.Database): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const kept = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    const statement = kept.get(source);
    if (statement && !statement.busy) {
      kept.delete(source);
      kept.set(source, statement);
      if (statement.reader) statement.raw(false).pluck(false).expand(false);
      return statement;
    }
    const fresh = prepare(source);
    if (!statement) {
      kept.set(source, fresh);
      if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    }
    return fresh;
  }) as Database.Database["prepare"];
}

/** A connection, or a transaction on it: a prepared query runs on either. */
export type Runner = Db | Tx;

/**
 * A query that drizzle builds and SQLite compiles once per connection, then runs with values for
 * the places `asStored` marks. Otherwise drizzle rebuilds a query's SQL text on every call: in a
 * comment's transaction that was most of drizzle's time and a third of the garbage a comment
 * POST made (decision 073). `variant` names one of the query's shapes where its conditions
 * depend on the values (an email to match or none), each prepared once.
 *
 * Its statement may also be one the connection keeps for that text (above): drizzle sets a
 * builder query's row mode on every run, so neither user disturbs the other.
 */
export function preparedOnce<Prepared, Variant extends string = "">(
  build: (database: Runner, variant: Variant) => Prepared,
): (database: Runner, variant?: Variant) => Prepared {
  const byConnection = new WeakMap<object, Map<Variant, Prepared>>();
  return (database, variant = "" as Variant) => {
    // A transaction runs on its connection's session: one key for the connection and its
    // transactions alike, and a new connection (reopened, or another test's) prepares anew.
    const session = (database as unknown as { session: object }).session;
    let variants = byConnection.get(session);
    if (!variants) byConnection.set(session, (variants = new Map()));
    let prepared = variants.get(variant);
    if (prepared === undefined) {
      prepared = build(database, variant);
      variants.set(variant, prepared);
    }
    return prepared;
  };
}

/**
 * A place in a prepared query for the value named `name`, which reaches SQLite as given, in a
 * condition or an insert alike: a date as its milliseconds, JSON as its text. (drizzle's own
 * placeholder is mapped by the column in an insert, and fails there on null, but not elsewhere.)
 */
export function asStored(name: string): SQL {
  return sql`${sql.placeholder(name)}`;
}

/**
 * Applies the committed drizzle-kit migrations that the database has not seen yet, all in one
 * transaction; throws a MigrationError naming the failed one, with the database unchanged.
 */
export function migrateToLatest(
  db: Db,
  migrationsFolder = MIGRATIONS_FOLDER,
): string[] {
  return applyMigrations(db.$client, migrationsFolder);
}
