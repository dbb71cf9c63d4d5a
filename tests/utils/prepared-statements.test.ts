import { eq, sql } from "drizzle-orm";
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { afterEach, describe, expect, it } from "vitest";
import {
  asStored,
  openDatabase,
  preparedOnce,
  type Db,
} from "../../db/client.server";

let db: Db | undefined;
const opened: Db[] = [];
afterEach(() => {
  db?.$client.close();
  for (const other of opened.splice(0)) other.$client.close();
});

function withRows(): Db {
  db = openDatabase(":memory:");
  db.$client.exec(
    "create table notes (id integer primary key, text text); insert into notes (text) values ('one'), ('two');",
  );
  return db;
}

describe("the connection's kept statements", () => {
  it("hands a statement back for the same text, in its plain mode whatever the last user set", () => {
    const sqlite = withRows().$client;
    const first = sqlite.prepare("select text from notes order by id");
    expect(first.raw().all()).toEqual([["one"], ["two"]]);
    const again = sqlite.prepare("select text from notes order by id");
    expect(again).toBe(first);
    expect(again.all()).toEqual([{ text: "one" }, { text: "two" }]);
    expect(again.pluck().all()).toEqual(["one", "two"]);
    expect(sqlite.prepare("select text from notes order by id").get()).toEqual({
      text: "one",
    });
    // Control: other text, another statement.
    expect(sqlite.prepare("select id from notes order by id")).not.toBe(first);
  });

  it("gives a fresh statement while the kept one is still being read", () => {
    const sqlite = withRows().$client;
    const reading = sqlite.prepare("select text from notes order by id");
    const rows = reading.iterate();
    expect(rows.next().value).toEqual({ text: "one" });
    const meanwhile = sqlite.prepare("select text from notes order by id");
    expect(meanwhile).not.toBe(reading);
    expect(meanwhile.all()).toEqual([{ text: "one" }, { text: "two" }]);
    expect(rows.next().value).toEqual({ text: "two" });
    rows.return?.();
  });

  it("answers drizzle's queries right when the same text comes back in another shape", () => {
    const database = withRows();
    const query = sql`select id, text from notes order by id`;
    // `values` reads rows as arrays, `all` as objects: the same statement serves both.
    expect(database.values(query)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
    expect(database.all(query)).toEqual([
      { id: 1, text: "one" },
      { id: 2, text: "two" },
    ]);
    expect(database.values(query)).toEqual([
      [1, "one"],
      [2, "two"],
    ]);
  });
});

const notes = sqliteTable("notes", {
  id: integer("id").primaryKey(),
  text: text("text"),
  at: integer("at", { mode: "timestamp_ms" }),
  tags: text("tags", { mode: "json" }).$type<string[]>(),
});

function notesDatabase(): Db {
  const database = openDatabase(":memory:");
  database.$client.exec(
    "create table notes (id integer primary key, text text, at integer, tags text)",
  );
  opened.push(database);
  return database;
}

describe("queries prepared once", () => {
  it("builds a query once per connection, and its transactions run the same one", () => {
    let builds = 0;
    const byText = preparedOnce((database) => {
      builds += 1;
      return database
        .select({ id: notes.id })
        .from(notes)
        .where(eq(notes.text, asStored("text")))
        .prepare();
    });
    const database = notesDatabase();
    database.$client.exec("insert into notes (id, text) values (1, 'one')");
    expect(byText(database).get({ text: "one" })).toEqual({ id: 1 });
    expect(byText(database).get({ text: "two" })).toBeUndefined();
    database.transaction((tx) => {
      tx.run(sql`insert into notes (id, text) values (2, 'two')`);
      // Inside the transaction: it sees the transaction's own row.
      expect(byText(tx).get({ text: "two" })).toEqual({ id: 2 });
    });
    expect(builds).toBe(1);

    // Another connection, another database: prepared again, on that one.
    const other = notesDatabase();
    expect(byText(other).get({ text: "one" })).toBeUndefined();
    expect(builds).toBe(2);
  });

  it("prepares each variant of a query apart", () => {
    const matching = preparedOnce((database, by: "text" | "id") =>
      database
        .select({ id: notes.id })
        .from(notes)
        .where(
          by === "text"
            ? eq(notes.text, asStored("value"))
            : eq(notes.id, asStored("value")),
        )
        .prepare(),
    );
    const database = notesDatabase();
    database.$client.exec("insert into notes (id, text) values (7, 'seven')");
    expect(matching(database, "text").get({ value: "seven" })).toEqual({
      id: 7,
    });
    expect(matching(database, "id").get({ value: 7 })).toEqual({ id: 7 });
    expect(matching(database, "id").get({ value: "seven" })).toBeUndefined();
  });

  it("passes values as SQLite stores them, nulls too, and reads them back mapped", () => {
    const insertNote = preparedOnce((database) =>
      database
        .insert(notes)
        .values({
          id: asStored("id"),
          text: asStored("text"),
          at: asStored("at"),
          tags: asStored("tags"),
        })
        .prepare(),
    );
    const database = notesDatabase();
    const at = new Date("2026-12-03T10:00:00Z");
    insertNote(database).run({
      id: 1,
      text: "dated",
      at: at.getTime(),
      tags: JSON.stringify(["bins"]),
    });
    insertNote(database).run({ id: 2, text: null, at: null, tags: null });
    expect(
      database.$client.prepare("select * from notes order by id").all(),
    ).toEqual([
      { id: 1, text: "dated", at: at.getTime(), tags: '["bins"]' },
      { id: 2, text: null, at: null, tags: null },
    ]);
    expect(database.select().from(notes).orderBy(notes.id).all()).toEqual([
      { id: 1, text: "dated", at, tags: ["bins"] },
      { id: 2, text: null, at: null, tags: null },
    ]);
  });
});
