import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { migrateToLatest, openDatabase } from "../../db/client.server";

declare module "vitest" {
  export interface ProvidedContext {
    /** A database file with every committed migration applied, to be copied, never opened. */
    migratedDatabaseTemplate: string;
  }
}

/**
 * Migrates one database before any test file runs; each test file copies it (see
 * template-database.ts) instead of applying every migration again.
 */
export default function setup(project: TestProject) {
  const folder = mkdtempSync(join(tmpdir(), "lookout-template-"));
  const path = join(folder, "migrated.db");
  const database = openDatabase(path);
  migrateToLatest(database);
  // Everything in the main file, so a plain copy of it is the whole database.
  database.$client.pragma("wal_checkpoint(TRUNCATE)");
  database.$client.close();
  project.provide("migratedDatabaseTemplate", path);
  return () => rmSync(folder, { recursive: true, force: true });
}
