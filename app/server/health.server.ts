import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { RequestHandler } from "express";
import { MIGRATIONS_FOLDER } from "../../db/client.server";
import { migrationStatus, readMigrations } from "../../db/migrator.server";
import {
  freeBytesOf,
  LOW_DISK_SPACE_BYTES,
} from "../platform/disk-space.server";
import { logError } from "../platform/log.server";

const megabytes = (bytes: number) => Math.floor(bytes / (1024 * 1024));

export type Health =
  | { status: "ok"; migration: string | null }
  | { status: "unavailable"; problem: string };

/**
 * Whether the site can serve: the database file opens and reads (on a connection of its own, so
 * a damaged or vanished file is noticed even while the server's connection still has its pages
 * cached), it has every migration this release ships, and its disk has room for writes.
 */
export function checkHealth(
  databasePath: string,
  migrations = readMigrations(MIGRATIONS_FOLDER),
  freeBytes: (folder: string) => number = freeBytesOf,
): Health {
  let sqlite: Database.Database | undefined;
  try {
    sqlite = new Database(databasePath, {
      readonly: true,
      fileMustExist: true,
      timeout: 2_000,
    });
    const { current, pending } = migrationStatus(sqlite, migrations);
    if (pending.length > 0) {
      return {
        status: "unavailable",
        problem: `migrations not applied: ${pending.map((m) => m.tag).join(", ")}`,
      };
    }
    // Reads go on, but comments (and the search index) can no longer be stored.
    const free = freeBytes(dirname(databasePath));
    if (free < LOW_DISK_SPACE_BYTES) {
      return {
        status: "unavailable",
        problem: `disk full: ${megabytes(free)} MB free where the database is, below the ${megabytes(LOW_DISK_SPACE_BYTES)} MB it needs to store comments`,
      };
    }
    return { status: "ok", migration: current };
  } catch (error) {
    // The public answer stays vague (no paths); the server's output says what went wrong.
    logError("health check: the database cannot be read", error);
    return { status: "unavailable", problem: "the database cannot be read" };
  } finally {
    sqlite?.close();
  }
}

/** GET /healthz for uptime monitors and load balancers: 200 when healthy, else 503. */
export function healthCheckHandler(databasePath: string): RequestHandler {
  // Read once: the migrations that matter are those of the code that is running.
  const migrations = readMigrations(MIGRATIONS_FOLDER);
  return (_req, res) => {
    const health = checkHealth(databasePath, migrations);
    res
      .status(health.status === "ok" ? 200 : 503)
      .set("Cache-Control", "no-store")
      .json(health);
  };
}
