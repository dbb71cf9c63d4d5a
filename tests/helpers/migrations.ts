import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { MIGRATIONS_FOLDER } from "../../db/client.server";

type Journal = {
  entries: { idx: number; tag: string; when: number; [key: string]: unknown }[];
  [key: string]: unknown;
};

// Extra migrations of successive calls are dated apart, so each comes after the previous ones.
let extraCount = 0;

/**
 * A copy of the committed migrations folder, for a test file: the first `keep` migrations
 * (all by default), followed by `extra` ones written as drizzle-kit would (statements
 * separated by breakpoints), dated after the last kept one and any made before. Call it while
 * the tests are collected (at the top of the file or of a describe), not inside a test, so the
 * folder can be removed after the file's tests.
 */
export function migrationsFolder({
  keep,
  extra = [],
}: {
  keep?: number;
  extra?: { tag: string; statements: string[] }[];
} = {}): string {
  const folder = mkdtempSync(join(tmpdir(), "lookout-migrations-"));
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as Journal;
  const kept = journal.entries.slice(0, keep ?? journal.entries.length);
  for (const dropped of journal.entries.slice(kept.length)) {
    rmSync(join(folder, `${dropped.tag}.sql`));
  }
  const last = kept.at(-1);
  for (const { tag, statements } of extra) {
    extraCount += 1;
    writeFileSync(
      join(folder, `${tag}.sql`),
      statements.join("\n--> statement-breakpoint\n"),
    );
    kept.push({
      idx: kept.length,
      version: "6",
      when: (last?.when ?? 0) + 1000 * extraCount,
      tag,
      breakpoints: true,
    });
  }
  writeFileSync(
    journalPath,
    JSON.stringify({ ...journal, entries: kept }, null, 2),
  );
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** The tags of the committed migrations, oldest first. */
export function committedMigrationTags(): string[] {
  const journal = JSON.parse(
    readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8"),
  ) as Journal;
  return journal.entries.map((entry) => entry.tag);
}
