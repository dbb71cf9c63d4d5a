import {
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
  unlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { migrateToLatest } from "../../db/client.server";
import { closeDb, db } from "../../app/platform/db.server";
import { copyMigratedDatabase } from "./template-database";

/**
 * A fresh database and content folder for one test file, wired in through the same
 * DATABASE_PATH and CONTENT_DIR variables the server reads. Call at the top of a test file.
 * The database gets the committed migrations (a copy of the run's migrated template), or those
 * of `migrationsFolder` when given.
 */
export function useTempSite({
  migrationsFolder,
}: { migrationsFolder?: string } = {}) {
  const root = mkdtempSync(join(tmpdir(), "lookout-test-"));
  const contentDir = join(root, "content");
  mkdirSync(join(contentDir, "posts"), { recursive: true });
  process.env.DATABASE_PATH = join(root, "test.db");
  process.env.CONTENT_DIR = contentDir;
  if (migrationsFolder === undefined)
    copyMigratedDatabase(process.env.DATABASE_PATH);
  else migrateToLatest(db(), migrationsFolder);

  afterAll(() => {
    closeDb();
    rmSync(root, { recursive: true, force: true });
  });

  return {
    contentDir,
    db,
    writeContent(relativePath: string, text: string) {
      const path = join(contentDir, relativePath);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
    },
    removeContent(relativePath: string) {
      unlinkSync(join(contentDir, relativePath));
    },
    /** Empties the content folder, leaving an empty posts/ folder. */
    clearContent() {
      rmSync(contentDir, { recursive: true, force: true });
      mkdirSync(join(contentDir, "posts"), { recursive: true });
    },
  };
}

/** A valid post file; override any front matter field or the body. */
export function postFile(
  fields: Record<string, string | undefined> = {},
  body = "Some **words** about the area.",
): string {
  const defaults: Record<string, string> = {
    title: '"A post about sheds"',
    date: "2026-03-14",
    author: "Margaret Okafor",
    summary: '"How to keep a shed locked."',
    tags: "[home security, burglary]",
    area: "South Vale",
  };
  const lines = Object.entries({ ...defaults, ...fields })
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}: ${value}`);
  return `---\n${lines.join("\n")}\n---\n${body}\n`;
}
