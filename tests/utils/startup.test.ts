import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { posts } from "../../db/schema";
import {
  prepareSite,
  prepareSiteToServe,
} from "~/features/site/startup.server";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const titleOf = (slug: string) =>
  site.db().select().from(posts).where(eq(posts.slug, slug)).get()?.title;

// SQLITE_FULL as a full file system gives it: no page beyond those the database has.
function fillTheDisk(): void {
  const sqlite = site.db().$client;
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  const pages = sqlite.pragma("page_count", { simple: true });
  sqlite.pragma(`max_page_count = ${pages}`);
}

afterEach(() => {
  site.db().$client.pragma("max_page_count = 4294967294");
});

describe("what a start prints", () => {
  it("prints the sync's summary and problems, not every file (the one-shot sync lists each)", () => {
    site.clearContent();
    site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
    site.writeContent("posts/broken.md", postFile({ date: "2026-02-30" }));
    const served: string[] = [];
    prepareSiteToServe((line) => served.push(line));
    expect(served).toEqual([
      expect.stringMatching(/^ {2}failed {6}posts\/broken\.md:3: date must be/),
      expect.stringMatching(/^Content sync: 1 added, .* 1 failed$/),
    ]);

    site.writeContent("posts/sheds.md", postFile({ title: "Sheds, revised" }));
    const synced: string[] = [];
    prepareSite((line) => synced.push(line));
    expect(synced).toContainEqual("  updated     posts/sheds.md");
  });
});

describe("starting on a full disk", () => {
  it("serves what was indexed before, saying the sync was not done", () => {
    site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
    prepareSite(() => {});
    site.writeContent(
      "posts/sheds.md",
      postFile({ title: "Sheds, revised" }, "A longer body. ".repeat(3000)),
    );
    fillTheDisk();
    const printed: string[] = [];
    expect(() =>
      prepareSiteToServe((line) => printed.push(line)),
    ).not.toThrow();
    expect(printed.at(-1)).toMatch(/^Content sync not done: the disk is full/);
    expect(titleOf("sheds")).toBe("Sheds");
  });

  it("still stops the one-shot sync, which must say it failed (the control)", () => {
    site.writeContent(
      "posts/sheds.md",
      postFile({ title: "Sheds, again" }, "Another body. ".repeat(3000)),
    );
    fillTheDisk();
    expect(() => prepareSite(() => {})).toThrow(/full/);
  });
});
