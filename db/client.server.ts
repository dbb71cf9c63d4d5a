import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
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
