import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Tx } from "../../db/client.server";
import { inSharedCommit } from "~/utils/shared-commit.server";
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
});
