import { copyFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { inject } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";

/**
 * Writes a fully migrated database to `path`: a copy of the one template-database-setup.ts
 * migrated once for the whole run, so a test file does not apply every migration again.
 */
export function copyMigratedDatabase(path: string): void {
  const template = inject("migratedDatabaseTemplate");
  if (!template)
    throw new Error(
      "no migrated template: run this test with vitest.config.ts, whose globalSetup makes it",
    );
  mkdirSync(dirname(path), { recursive: true });
  copyFileSync(template, path);
}

/** Opens a fresh copy of the migrated template at `path`. */
export function openMigratedDatabase(path: string): Db {
  copyMigratedDatabase(path);
  return openDatabase(path);
}
