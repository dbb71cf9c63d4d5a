import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, extname, join, resolve } from "node:path";
import Database from "better-sqlite3";

/** Something the operator must fix before a backup or a restore can go ahead. */
export class BackupError extends Error {
  override name = "BackupError";
}

/** A file-name-safe UTC time such as 2026-11-29T02-17-00Z, so names sort by age. */
export function fileTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replaceAll(":", "-");
}

/** The default backup folder: `backups/` beside the database. */
export function defaultBackupFolder(databasePath: string): string {
  return join(dirname(databasePath), "backups");
}

/** What `PRAGMA integrity_check` finds wrong with a SQLite file; empty when it is sound. */
export function integrityProblems(path: string): string[] {
  if (!existsSync(path)) return [`${path} does not exist`];
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
    const rows = sqlite.pragma("integrity_check", { simple: false }) as {
      integrity_check: string;
    }[];
    const problems = rows.map((row) => row.integrity_check);
    return problems.length === 1 && problems[0] === "ok" ? [] : problems;
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  } finally {
    sqlite?.close();
  }
}

// Everything in one step: the copy is one read transaction, a consistent snapshot that the
// site's writes (WAL) neither block nor restart.
const ALL_PAGES = 0x7fffffff;

/**
 * Copies the live database with SQLite's online backup while the site keeps serving, checks the
 * copy, and returns its path: `<folder>/<name>-<UTC time>.db`, a single self-contained file.
 */
export async function backUpDatabase(
  databasePath: string,
  folder: string,
  now: Date,
): Promise<string> {
  if (!existsSync(databasePath)) {
    throw new BackupError(`There is no database at ${databasePath} to back up`);
  }
  mkdirSync(folder, { recursive: true });
  const name = basename(databasePath, extname(databasePath));
  const target = join(folder, `${name}-${fileTimestamp(now)}.db`);
  if (existsSync(target)) {
    throw new BackupError(`${target} already exists: wait a second and retry`);
  }
  // Written under another name first, so a file with the final name is always a whole backup.
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(databasePath, {
    fileMustExist: true,
    timeout: 5_000,
  });
  try {
    await source.backup(partial, { progress: () => ALL_PAGES });
  } finally {
    source.close();
  }
  const copy = new Database(partial);
  // One file without -wal/-shm companions, and readable on a read-only medium.
  copy.pragma("journal_mode = DELETE");
  copy.close();
  const problems = integrityProblems(partial);
  if (problems.length > 0) {
    rmSync(partial, { force: true });
    throw new BackupError(
      `The copy failed its integrity check, so it was deleted: ${problems.slice(0, 3).join("; ")}`,
    );
  }
  // As private as the database: it holds members' accounts and keyed addresses.
  chmodSync(partial, 0o600);
  renameSync(partial, target);
  return target;
}

/** Whether another connection (a running server) has the database open. */
function inUse(databasePath: string): boolean {
  const sqlite = new Database(databasePath, { timeout: 0 });
  try {
    // While any other connection has a WAL database open, an exclusive lock is refused.
    sqlite.pragma("locking_mode = EXCLUSIVE");
    sqlite.exec("BEGIN EXCLUSIVE");
    sqlite.exec("COMMIT");
    // Fold any log into the file before it is set aside, so the kept copy is complete.
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    return false;
  } catch (error) {
    // A damaged database cannot be locked either; only "busy" means somebody has it open.
    return (error as { code?: string }).code === "SQLITE_BUSY";
  } finally {
    sqlite.close();
  }
}

/**
 * Replaces the database with a backup after checking the backup's integrity. The current
 * database is kept beside it, renamed with the time; returns that name (null when there was none).
 */
export function restoreDatabase(
  backupPath: string,
  databasePath: string,
  now: Date,
): string | null {
  if (resolve(backupPath) === resolve(databasePath)) {
    throw new BackupError("That file is the database itself: name a backup");
  }
  // A copy of a live database can have its latest commits in a log beside it, not in the file.
  const log = `${backupPath}-wal`;
  if (existsSync(log) && statSync(log).size > 0) {
    throw new BackupError(
      `${backupPath} has a write-ahead log beside it (${basename(log)}), so the file alone is incomplete: make backups with npm run db:backup`,
    );
  }
  const problems = integrityProblems(backupPath);
  if (problems.length > 0) {
    throw new BackupError(
      `${backupPath} failed its integrity check, so nothing was restored: ${problems.slice(0, 3).join("; ")}`,
    );
  }
  const backup = new Database(backupPath, { readonly: true });
  const isLookout = backup
    .prepare(
      "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'",
    )
    .get();
  backup.close();
  if (!isLookout) {
    throw new BackupError(
      `${backupPath} is not a Lookout database, so nothing was restored`,
    );
  }

  mkdirSync(dirname(databasePath), { recursive: true });
  let keptAs: string | null = null;
  if (existsSync(databasePath)) {
    if (inUse(databasePath)) {
      throw new BackupError(
        "The database is in use: stop the server first, then restore",
      );
    }
    keptAs = `${databasePath}.before-restore-${fileTimestamp(now)}`;
    renameSync(databasePath, keptAs);
    // A log that could not be folded in (a damaged database) stays paired with its file.
    if (existsSync(`${databasePath}-wal`)) {
      renameSync(`${databasePath}-wal`, `${keptAs}-wal`);
    }
  }
  // The shared-memory index belongs to the old file; a stale one must not meet the new file.
  rmSync(`${databasePath}-shm`, { force: true });
  rmSync(`${databasePath}-wal`, { force: true });
  const incoming = `${databasePath}.restoring`;
  copyFileSync(backupPath, incoming);
  renameSync(incoming, databasePath);
  return keptAs;
}
