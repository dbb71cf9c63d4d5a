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
  return drizzle({ client: sqlite, schema });
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
