import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Tx } from "../../db/client.server";
import { isOutOfSpace } from "~/platform/disk-space.server";
import { inSharedCommit } from "~/platform/shared-commit.server";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();

beforeAll(() => {
  site
    .db()
    .run(sql`create table notes (id integer primary key, text text not null)`);
});
afterEach(() => {
  vi.restoreAllMocks();
  site.db().run(sql`delete from notes`);
});

const addNote = (text: string) => (tx: Tx) =>
  tx.run(sql`insert into notes (text) values (${text})`).changes;

/** The notes as another connection sees them: only what was committed. */
function committedNotes(): string[] {
  const reader = new Database(process.env.DATABASE_PATH!, { readonly: true });
  try {
    return (
      reader.prepare("select text from notes order by id").all() as {
        text: string;
      }[]
    ).map((row) => row.text);
  } finally {
    reader.close();
  }
}

describe("inSharedCommit", () => {
  it("commits the writes queued together in one transaction, and settles after the commit", async () => {
    const transactions = vi.spyOn(site.db(), "transaction");
    const seenWhenFirstSettled: string[][] = [];
    const first = inSharedCommit(addNote("one")).then((changes) => {
      seenWhenFirstSettled.push(committedNotes());
      return changes;
    });
    const rest = [
      inSharedCommit(addNote("two")),
      inSharedCommit(addNote("three")),
    ];
    expect(await Promise.all([first, ...rest])).toEqual([1, 1, 1]);
    expect(transactions).toHaveBeenCalledTimes(1);
    expect(seenWhenFirstSettled).toEqual([["one", "two", "three"]]);
  });

  it("rolls back only the job that throws, and gives it its error", async () => {
    const results = await Promise.allSettled([
      inSharedCommit(addNote("kept")),
      inSharedCommit((tx) => {
        addNote("rolled back")(tx);
        throw new Error("this one fails");
      }),
      inSharedCommit(addNote("also kept")),
    ]);
    expect(results.map((result) => result.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect((results[1] as PromiseRejectedResult).reason).toEqual(
      new Error("this one fails"),
    );
    expect(committedNotes()).toEqual(["kept", "also kept"]);
  });

  it("runs jobs in the order queued, each seeing the ones before it", async () => {
    const countNotes = (tx: Tx) =>
      tx.get<{ count: number }>(sql`select count(*) as count from notes`)!
        .count;
    const seen = await Promise.all([
      inSharedCommit(countNotes),
      inSharedCommit(addNote("first")),
      inSharedCommit(countNotes),
    ]);
    expect([seen[0], seen[2]]).toEqual([0, 1]);
  });

  it("splits a long queue into several commits, so the write lock is never held long", async () => {
    const transactions = vi.spyOn(site.db(), "transaction");
    const notes = Array.from({ length: 100 }, (_, index) => `note ${index}`);
    await Promise.all(notes.map((text) => inSharedCommit(addNote(text))));
    expect(transactions).toHaveBeenCalledTimes(2);
    expect(committedNotes()).toEqual(notes);
  });

  // SQLITE_FULL (like SQLITE_IOERR) rolls back the whole transaction, not only the savepoint:
  // the jobs before the failed one are gone too, and those after would run outside it.
  it("refuses every job of a commit that SQLite rolled back whole (a full disk)", async () => {
    const sqlite = site.db().$client;
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    const pages = sqlite.pragma("page_count", { simple: true });
    sqlite.pragma(`max_page_count = ${pages}`);
    try {
      const results = await Promise.allSettled([
        inSharedCommit(addNote("before")),
        inSharedCommit(addNote("x".repeat(100_000))),
        inSharedCommit(addNote("after")),
      ]);
      expect(results.map((result) => result.status)).toEqual([
        "rejected",
        "rejected",
        "rejected",
      ]);
      // Each with the cause, so a poster can be told the disk is full.
      for (const result of results)
        expect(isOutOfSpace((result as PromiseRejectedResult).reason)).toBe(
          true,
        );
    } finally {
      sqlite.pragma("max_page_count = 4294967294");
    }
    expect(committedNotes()).toEqual([]);
    // The control: with room again, the same jobs commit.
    await Promise.all([
      inSharedCommit(addNote("before")),
      inSharedCommit(addNote("after")),
    ]);
    expect(committedNotes()).toEqual(["before", "after"]);
  });
});
