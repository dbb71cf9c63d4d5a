import { existsSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { migrateToLatest } from "../../../db/client.server";
import { MigrationError } from "../../../db/migrator.server";
import { BackupError } from "../../platform/backup.server";
import { refreshSearchIndex } from "../search/search.server";
import { syncContent, type SyncSummary } from "../posts/content-sync.server";
import { db } from "../../platform/db.server";
import { isOutOfSpace } from "../../platform/disk-space.server";
import { ConfigError, env } from "../../platform/env.server";
import { serverSecret } from "../../platform/secrets.server";

/** Brings the database to the latest schema and indexes content/, printing what changed. */
export function prepareSite(print: (line: string) => void): SyncSummary {
  migrateSite(print);
  return syncSite(print);
}

/**
 * prepareSite for the server: a disk too full for the sync's writes does not stop it from
 * serving the content indexed before, where exiting would only be restarted into the same wall.
 */
export function prepareSiteToServe(print: (line: string) => void): void {
  migrateSite(print);
  try {
    // A start says what needs a person: the summary and the problems, not every file it indexed.
    syncSite(print, { eachFile: false });
  } catch (error) {
    if (!isOutOfSpace(error)) throw error;
    print(
      "Content sync not done: the disk is full. Serving the content indexed before; free some space and restart to sync.",
    );
  }
}

function migrateSite(print: (line: string) => void): void {
  const { CONTENT_DIR } = env();
  // A mistyped folder would otherwise look like every post was removed, and unpublish them all.
  if (!existsSync(join(CONTENT_DIR, "posts"))) {
    throw new ConfigError(
      `CONTENT_DIR must be a folder with a posts/ folder inside; ${CONTENT_DIR} has none`,
    );
  }
  // Made (or checked) now rather than at the first comment, so a problem shows at start.
  serverSecret();
  const applied = migrateToLatest(db());
  if (applied.length > 0) print(`Migrations applied: ${applied.join(", ")}`);
}

function syncSite(
  print: (line: string) => void,
  { eachFile }: { eachFile: boolean } = { eachFile: true },
): SyncSummary {
  const database = db();
  const summary = syncContent(database, env().CONTENT_DIR, (event) => {
    if ("problem" in event) {
      const { file, line, message } = event.problem;
      print(`  ${event.kind.padEnd(11)} ${file}:${line}: ${message}`);
    } else if (eachFile) {
      print(`  ${event.kind.padEnd(11)} ${event.file}`);
    }
  });
  // Index what the sync changed now, so the first search after a large sync is not the slow one.
  refreshSearchIndex(database);
  print(
    `Content sync: ${summary.added.length} added, ${summary.updated.length} updated, ` +
      `${summary.unchanged} unchanged, ${summary.unpublished.length} unpublished, ` +
      `${summary.failed.length} failed` +
      (summary.warnings.length > 0
        ? `, ${summary.warnings.length} warning${summary.warnings.length === 1 ? "" : "s"}`
        : ""),
  );
  return summary;
}

// Problems an operator can fix: their message says what to do, and a stack trace would bury it.
function isOperatorProblem(error: unknown): error is Error {
  if (
    error instanceof ConfigError ||
    error instanceof MigrationError ||
    error instanceof BackupError
  )
    return true;
  // File system refusals (EACCES, ENOENT…) and SQLite's own (SQLITE_CANTOPEN, SQLITE_NOTADB…).
  return (
    error instanceof Error &&
    "code" in error &&
    typeof error.code === "string" &&
    /^(E[A-Z_]+|SQLITE_[A-Z_]+)$/.test(error.code)
  );
}

/**
 * Runs a start-up step; when it fails, prints why on stderr and exits with status 1 instead of
 * a stack trace (kept for real bugs).
 */
export function orExit<T>(step: () => T, failure = "Lookout cannot start"): T {
  try {
    return step();
  } catch (error) {
    // One line per problem, each saying what failed, so a log shows them all.
    const lines = isOperatorProblem(error)
      ? error.message.split("\n")
      : [
          error instanceof Error
            ? (error.stack ?? error.message)
            : String(error),
        ];
    process.stderr.write(lines.map((line) => `${failure}: ${line}\n`).join(""));
    process.exit(1);
  }
}

/** A port already taken or not allowed is a configuration problem: say which, without a trace. */
export function exitOnListenError(server: Server): void {
  server.once("error", (error: NodeJS.ErrnoException) => {
    const { PORT, HOST } = env();
    const reason =
      error.code === "EADDRINUSE"
        ? `port ${PORT} on ${HOST} is already in use: stop the other program or set PORT`
        : error.code === "EACCES"
          ? `listening on port ${PORT} is not allowed for this user: set PORT above 1023`
          : error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND"
            ? `HOST ${HOST} is not an address of this machine`
            : error.message;
    process.stderr.write(`Lookout cannot start: ${reason}\n`);
    process.exit(1);
  });
}
