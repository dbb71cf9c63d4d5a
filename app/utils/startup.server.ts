import { migrateToLatest } from "../../db/client.server";
import { refreshSearchIndex } from "../models/search.server";
import { syncContent, type SyncSummary } from "./content-sync.server";
import { db } from "./db.server";
import { env } from "./env.server";

/** Brings the database to the latest schema and indexes content/, printing what changed. */
export function prepareSite(print: (line: string) => void): SyncSummary {
  const database = db();
  migrateToLatest(database);
  const summary = syncContent(database, env().CONTENT_DIR, (event) => {
    if (event.kind === "failed") {
      const { file, line, message } = event.problem;
      print(`  failed      ${file}:${line}: ${message}`);
    } else {
      print(`  ${event.kind.padEnd(11)} ${event.file}`);
    }
  });
  // Index what the sync changed now, so the first search after a large sync is not the slow one.
  refreshSearchIndex(database);
  print(
    `Content sync: ${summary.added.length} added, ${summary.updated.length} updated, ` +
      `${summary.unchanged} unchanged, ${summary.unpublished.length} unpublished, ` +
      `${summary.failed.length} failed`,
  );
  return summary;
}
