import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import {
  backUpDatabase,
  fileTimestamp,
  restoreDatabase,
} from "~/platform/backup.server";
import { syncContent } from "~/features/posts/content-sync.server";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const scratch = mkdtempSync(join(tmpdir(), "lookout-backup-unit-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const now = new Date("2026-11-29T03:15:07.123Z");

describe("backUpDatabase", () => {
  it("writes one private, self-contained file named with the UTC time", async () => {
    site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
    syncContent(site.db(), site.contentDir);

    const file = await backUpDatabase(
      process.env.DATABASE_PATH!,
      join(scratch, "backups"),
      now,
    );

    expect(file).toBe(join(scratch, "backups", "test-2026-11-29T03-15-07Z.db"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const copy = new Database(file, { readonly: true });
    expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
    expect(copy.prepare("SELECT title FROM posts").all()).toEqual([
      { title: "Sheds" },
    ]);
    copy.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it("never overwrites an earlier backup", async () => {
    await expect(
      backUpDatabase(process.env.DATABASE_PATH!, join(scratch, "backups"), now),
    ).rejects.toThrow("already exists: wait a second and retry");
  });
});

describe("restoreDatabase", () => {
  it("refuses to restore the database onto itself", () => {
    expect(() =>
      restoreDatabase(
        process.env.DATABASE_PATH!,
        process.env.DATABASE_PATH!,
        now,
      ),
    ).toThrow("That file is the database itself: name a backup");
  });

  it("refuses a copy whose latest commits are still in a log beside it", () => {
    const live = join(scratch, "live.db");
    const writer = new Database(live);
    writer.pragma("journal_mode = WAL");
    writer.exec("CREATE TABLE __drizzle_migrations (id, hash, created_at)");
    try {
      expect(() =>
        restoreDatabase(live, join(scratch, "target", "lookout.db"), now),
      ).toThrow("has a write-ahead log beside it (live.db-wal)");
    } finally {
      writer.close();
    }
    expect(existsSync(join(scratch, "target", "lookout.db"))).toBe(false);
  });

  it("restores where there was no database yet, with nothing to keep aside", async () => {
    const target = join(scratch, "fresh", "lookout.db");
    const backup = join(scratch, "backups", `test-${fileTimestamp(now)}.db`);

    expect(restoreDatabase(backup, target, now)).toBeNull();

    const restored = new Database(target, { readonly: true });
    expect(restored.prepare("SELECT title FROM posts").all()).toEqual([
      { title: "Sheds" },
    ]);
    restored.close();
  });
});
