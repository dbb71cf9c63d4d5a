import { openDatabase, type Db } from "../../db/client.server";
import { env } from "./env.server";

// The server build bundles its own copy of this module; keeping the connection on globalThis
// gives the process one connection, which the server can close when it shuts down.
const CONNECTION = Symbol.for("lookout.database");
const holder = globalThis as typeof globalThis & { [CONNECTION]?: Db };

/** The process's one connection to the database at DATABASE_PATH, opened on first use. */
export function db(): Db {
  holder[CONNECTION] ??= openDatabase(env().DATABASE_PATH);
  return holder[CONNECTION];
}

/**
 * Closes the connection after folding the write-ahead log into the database file, so a stopped
 * site is a single file that can be copied. The next db() opens a new connection.
 */
export function closeDb(): void {
  const connection = holder[CONNECTION];
  if (!connection) return;
  holder[CONNECTION] = undefined;
  const sqlite = connection.$client;
  try {
    if (!sqlite.readonly && sqlite.name !== ":memory:") {
      sqlite.pragma("wal_checkpoint(TRUNCATE)");
    }
  } finally {
    // Even when the checkpoint fails (a damaged file), the log stays for the next open.
    sqlite.close();
  }
}
