import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { migrateToLatest } from "../../db/client.server";
import {
  MigrationError,
  migrationStatus,
  readMigrations,
} from "../../db/migrator.server";
import { comments, sessions, users } from "../../db/schema";
import { syncContent } from "~/features/posts/content-sync.server";
import { orExit } from "~/features/site/startup.server";
import { makeUser, sessionCookieFor, whoIs } from "../helpers/accounts";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import {
  committedMigrationTags,
  migrationsFolder,
} from "../helpers/migrations";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const LATEST = committedMigrationTags().at(-1);

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
});

const columnsOf = (table: string) =>
  (site.db().$client.pragma(`table_info(${table})`) as { name: string }[]).map(
    (column) => column.name,
  );
const tableExists = (name: string) =>
  site
    .db()
    .$client.prepare("SELECT 1 FROM sqlite_master WHERE name = ?")
    .get(name) !== undefined;
const commentCount = () =>
  site.db().select({ n: count() }).from(comments).get()!.n;

/** The statements drizzle-kit writes to change a column of `table`: copy, drop, rename. */
function rebuildStatements(table: string): string[] {
  const sqlite = site.db().$client;
  const { sql: create } = sqlite
    .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
    .get(table) as { sql: string };
  const indexes = sqlite
    .prepare(
      "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
    )
    .all(table) as { sql: string }[];
  return [
    "PRAGMA foreign_keys=OFF;",
    create.replace(/^CREATE TABLE [`"]?\w+[`"]?/, "CREATE TABLE `__new_table`"),
    `INSERT INTO \`__new_table\` SELECT * FROM \`${table}\`;`,
    `DROP TABLE \`${table}\`;`,
    `ALTER TABLE \`__new_table\` RENAME TO \`${table}\`;`,
    "PRAGMA foreign_keys=ON;",
    ...indexes.map((index) => `${index.sql};`),
  ];
}

describe("a migration that fails", () => {
  const folder = migrationsFolder({
    extra: [
      {
        tag: "0100_add_notes",
        statements: ["CREATE TABLE `notes` (`id` integer PRIMARY KEY);"],
      },
      {
        tag: "0101_broken",
        statements: [
          "ALTER TABLE `comments` ADD `mood` text;",
          "ALTER TABLE `no_such_table` ADD `colour` text;",
        ],
      },
    ],
  });

  it("applies none of the pending migrations and names the one that failed", async () => {
    await postComment("sheds", commentFields({ body: "Kept through it all" }), {
      address: freshAddress(),
    });
    const before = commentCount();

    let failure: unknown;
    try {
      migrateToLatest(site.db(), folder);
    } catch (error) {
      failure = error;
    }

    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as Error).message).toBe(
      `Migration 0101_broken failed: no such table: no_such_table. Nothing was changed: the database is still at ${LATEST}.`,
    );
    // Neither the migration before it nor the first statement of the broken one stayed.
    expect(tableExists("notes")).toBe(false);
    expect(columnsOf("comments")).not.toContain("mood");
    expect(
      migrationStatus(site.db().$client, readMigrations(folder)).pending.map(
        (m) => m.tag,
      ),
    ).toEqual(["0100_add_notes", "0101_broken"]);
    // The old schema keeps working, foreign keys included.
    expect(commentCount()).toBe(before);
    expect(site.db().$client.pragma("foreign_keys", { simple: true })).toBe(1);
    const next = await postComment(
      "sheds",
      commentFields({ body: "Still taking comments" }),
      { address: freshAddress() },
    );
    expect(next.result.status).toBe("held");
    expect(commentCount()).toBe(before + 1);
  });

  it("stops the start with that message and no stack trace", () => {
    const printed: string[] = [];
    const write = vi
      .spyOn(process.stderr, "write")
      .mockImplementation((text) => {
        printed.push(String(text));
        return true;
      });
    const exit = vi.spyOn(process, "exit").mockImplementation((code) => {
      throw new Error(`exit ${code}`);
    });
    try {
      expect(() => orExit(() => migrateToLatest(site.db(), folder))).toThrow(
        "exit 1",
      );
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
    expect(printed).toEqual([
      `Lookout cannot start: Migration 0101_broken failed: no such table: no_such_table. Nothing was changed: the database is still at ${LATEST}.\n`,
    ]);
  });
});

describe("a migration that rebuilds a table others refer to", () => {
  const rebuildUsers = migrationsFolder({
    extra: [
      { tag: "0102_rebuild_users", statements: rebuildStatements("users") },
    ],
  });
  const forgetUsers = migrationsFolder({
    extra: [{ tag: "0103_forget_users", statements: ["DELETE FROM `users`;"] }],
  });

  it("keeps the rows that refer to it", async () => {
    const user = await makeUser("member");
    const cookie = await sessionCookieFor(user.id);
    const sessionsBefore = site
      .db()
      .select({ n: count() })
      .from(sessions)
      .where(eq(sessions.userId, user.id))
      .get()!.n;
    expect(sessionsBefore).toBe(1);

    // With foreign keys on, dropping `users` would delete every session with it (ON DELETE
    // CASCADE); the migrator switches them off for the length of the migration.
    const applied = migrateToLatest(site.db(), rebuildUsers);

    expect(applied).toEqual(["0102_rebuild_users"]);
    expect(
      site
        .db()
        .select({ n: count() })
        .from(sessions)
        .where(eq(sessions.userId, user.id))
        .get()!.n,
    ).toBe(1);
    expect((await whoIs(cookie))?.id).toBe(user.id);
    expect(site.db().$client.pragma("foreign_keys", { simple: true })).toBe(1);
  });

  it("is refused when it leaves rows pointing at nothing", async () => {
    const user = await makeUser("member");
    await sessionCookieFor(user.id);
    const usersBefore = site.db().select({ n: count() }).from(users).get()!.n;

    expect(() => migrateToLatest(site.db(), forgetUsers)).toThrow(
      /^Migrations 0103_forget_users failed: \d+ rows would refer to rows that no longer exist \(in [a-z_, ]*sessions[a-z_, ]*\)\. Nothing was changed/,
    );
    expect(site.db().select({ n: count() }).from(users).get()!.n).toBe(
      usersBefore,
    );
  });
});
