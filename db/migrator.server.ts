import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type Database from "better-sqlite3";

/**
 * Applies drizzle-kit migrations the way drizzle's own migrator does (same bookkeeping table, same
 * hashes, so databases migrated by either stay compatible), with three differences that protect
 * data: foreign keys are off while the schema changes, so a table that drizzle-kit rebuilds (copy,
 * drop, rename) does not cascade-delete the rows that refer to it; every foreign key is checked
 * before the commit; and a failure names the migration and says the database was left as it was.
 */

const MIGRATIONS_TABLE = "__drizzle_migrations";

export type Migration = {
  /** The file name without `.sql`, such as `0003_search`. */
  tag: string;
  /** drizzle-kit's creation time, which orders migrations and marks them applied. */
  createdAt: number;
  hash: string;
  statements: string[];
};

export class MigrationError extends Error {
  override name = "MigrationError";
}

type Journal = { entries: { tag: string; when: number }[] };

/** The migrations in a drizzle-kit folder, oldest first. */
export function readMigrations(folder: string): Migration[] {
  const journal = JSON.parse(
    readFileSync(join(folder, "meta/_journal.json"), "utf8"),
  ) as Journal;
  return journal.entries.map(({ tag, when }) => {
    const text = readFileSync(join(folder, `${tag}.sql`), "utf8");
    return {
      tag,
      createdAt: when,
      hash: createHash("sha256").update(text).digest("hex"),
      statements: text.split("--> statement-breakpoint"),
    };
  });
}

export type MigrationStatus = {
  /** The newest migration the database has, or null for a database without any. */
  current: string | null;
  /** Migrations of the folder that the database has not had yet, oldest first. */
  pending: Migration[];
};

function lastAppliedAt(sqlite: Database.Database): number | null {
  const table = sqlite
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(MIGRATIONS_TABLE);
  if (!table) return null;
  const row = sqlite
    .prepare(
      `SELECT created_at AS createdAt FROM ${MIGRATIONS_TABLE} ORDER BY created_at DESC LIMIT 1`,
    )
    .get() as { createdAt: number | string } | undefined;
  return row ? Number(row.createdAt) : null;
}

/** Where the database stands against the given migrations (from readMigrations). Only reads. */
export function migrationStatus(
  sqlite: Database.Database,
  migrations: Migration[],
): MigrationStatus {
  const appliedAt = lastAppliedAt(sqlite);
  if (appliedAt === null) return { current: null, pending: migrations };
  const applied = migrations.filter((m) => m.createdAt <= appliedAt);
  return {
    current: applied.at(-1)?.tag ?? `a migration of ${appliedAt}`,
    pending: migrations.filter((m) => m.createdAt > appliedAt),
  };
}

/**
 * Applies every pending migration in one transaction: either all of them are applied, or none
 * is and the old schema keeps working. Returns the tags applied.
 */
export function applyMigrations(
  sqlite: Database.Database,
  folder: string,
): string[] {
  const { current, pending } = migrationStatus(sqlite, readMigrations(folder));
  if (pending.length === 0) return [];

  // PRAGMA foreign_keys is ignored inside a transaction, so it is switched off around it.
  const foreignKeys = sqlite.pragma("foreign_keys", { simple: true }) === 1;
  sqlite.pragma("foreign_keys = OFF");
  let running: Migration | undefined;
  try {
    sqlite.exec("BEGIN IMMEDIATE");
    try {
      sqlite.exec(
        `CREATE TABLE IF NOT EXISTS ${MIGRATIONS_TABLE} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`,
      );
      const record = sqlite.prepare(
        `INSERT INTO ${MIGRATIONS_TABLE} (hash, created_at) VALUES (?, ?)`,
      );
      for (const migration of pending) {
        running = migration;
        for (const statement of migration.statements) sqlite.exec(statement);
        record.run(migration.hash, migration.createdAt);
      }
      running = undefined;
      const broken = sqlite.pragma("foreign_key_check") as {
        table: string;
      }[];
      if (broken.length > 0) {
        const tables = [...new Set(broken.map((row) => row.table))];
        throw new Error(
          `${broken.length} rows would refer to rows that no longer exist (in ${tables.join(", ")})`,
        );
      }
      sqlite.exec("COMMIT");
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
      const reason = error instanceof Error ? error.message : String(error);
      const where = running
        ? `Migration ${running.tag} failed`
        : `Migrations ${pending.map((m) => m.tag).join(", ")} failed`;
      throw new MigrationError(
        `${where}: ${reason}. Nothing was changed: the database is still at ${current ?? "an empty schema"}.`,
        { cause: error },
      );
    }
  } finally {
    if (foreignKeys) sqlite.pragma("foreign_keys = ON");
  }
  return pending.map((m) => m.tag);
}
