import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import {
  drizzle,
  type BetterSQLite3Database,
} from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & {
  $client: Database.Database;
};

export const MIGRATIONS_FOLDER = resolve("db/migrations");

/** Opens (creating when missing) a SQLite file with the pragmas every connection needs. */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // Readers and the single writer wait for each other instead of failing with SQLITE_BUSY.
  sqlite.pragma("busy_timeout = 5000");
  // Safe with WAL: a power loss can drop the last transactions but never corrupts the file.
  sqlite.pragma("synchronous = NORMAL");
  return drizzle({ client: sqlite, schema });
}

/** Applies the committed drizzle-kit migrations that the database has not seen yet. */
export function migrateToLatest(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
