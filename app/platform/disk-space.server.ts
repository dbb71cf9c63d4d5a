import { statfsSync } from "node:fs";
import { dirname } from "node:path";
import { env } from "./env.server";

/**
 * Below this much free space where the database is, the site reports itself unhealthy: SQLite
 * needs room for its write-ahead log and a checkpoint, so writes fail well before the last byte.
 */
export const LOW_DISK_SPACE_BYTES = 64 * 1024 * 1024;

/** How long a poster is asked to wait when the disk is full (Retry-After, in seconds). */
export const DISK_FULL_RETRY_SECONDS = 600;

/** Free bytes an unprivileged writer may use on the file system holding `folder`. */
export function freeBytesOf(folder: string): number {
  const stats = statfsSync(folder);
  return stats.bavail * stats.bsize;
}

/** The folder the database lives in, whose file system its writes need room on. */
export function dataFolder(): string {
  return dirname(env().DATABASE_PATH);
}

/** The error codes along an error's chain of causes (drizzle wraps SQLite's errors). */
function codesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let at = error, depth = 0; at instanceof Error && depth < 5; depth++) {
    const { code } = at as Error & { code?: unknown };
    if (typeof code === "string") codes.push(code);
    at = at.cause;
  }
  return codes;
}

/**
 * Whether a write failed for lack of space: SQLite says SQLITE_FULL, the file system ENOSPC.
 * A failed sync or truncate comes back as a bare SQLITE_IOERR, which means "disk full" only
 * when the disk is all but full, so that is checked then.
 */
export function isOutOfSpace(
  error: unknown,
  freeBytes: () => number = () => freeBytesOf(dataFolder()),
): boolean {
  const codes = codesOf(error);
  if (codes.some((code) => code === "SQLITE_FULL" || code === "ENOSPC"))
    return true;
  if (!codes.some((code) => code.startsWith("SQLITE_IOERR"))) return false;
  try {
    return freeBytes() < LOW_DISK_SPACE_BYTES;
  } catch {
    return false;
  }
}
