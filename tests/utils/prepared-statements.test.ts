import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "../../db/client.server";

let db: Db | undefined;
afterEach(() => db?.$client.close());

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
