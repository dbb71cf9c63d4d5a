// A full disk, as SQLite reports it: the connection's max_page_count is capped at the pages the
// database already has, so the next write that needs a page fails with SQLITE_FULL, exactly
// as it would when the file system has no room left for the page.
import { count } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { comments } from "../../db/schema";
import { loader as searchLoader } from "~/routes/search";
import { syncContent } from "~/features/posts/content-sync.server";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { loaderArgs } from "../helpers/loaders";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const sqlite = () => site.db().$client;
const totalComments = () =>
  site.db().select({ n: count() }).from(comments).get()!.n;

function fillTheDisk(): void {
  // Written out first, so the pages the cap counts are all the database will have.
  // Free pages left by a migration that rebuilt a table would take the write: none are kept.
  sqlite().exec("VACUUM");
  sqlite().pragma("wal_checkpoint(TRUNCATE)");
  const pages = sqlite().pragma("page_count", { simple: true });
  sqlite().pragma(`max_page_count = ${pages}`);
}

function freeTheDisk(): void {
  sqlite().pragma("max_page_count = 4294967294");
}

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile({ title: "Sheds" }));
  syncContent(site.db(), site.contentDir);
});

afterEach(freeTheDisk);

const LONG_BODY = `Someone tried the shed doors on Elm Road last night. ${"More detail. ".repeat(300)}`;

describe("a comment posted while the disk is full", () => {
  it("is refused with 503 and Retry-After, saying why, with the text kept", async () => {
    const before = totalComments();
    fillTheDisk();
    const fields = commentFields({ name: "Sam", body: LONG_BODY });
    const posted = await postComment("sheds", fields, {
      address: freshAddress(),
    });
    expect(posted.status).toBe(503);
    expect(posted.retryAfter).toMatch(/^\d+$/);
    expect(posted.result).toMatchObject({
      status: "unavailable",
      message: expect.stringContaining("cannot take comments right now"),
      values: { name: "Sam", body: LONG_BODY },
    });
    freeTheDisk();
    expect(totalComments()).toBe(before);
  });

  it("posts once there is room again (the control)", async () => {
    fillTheDisk();
    freeTheDisk();
    const posted = await postComment(
      "sheds",
      commentFields({ name: "Sam", body: LONG_BODY }),
      { address: freshAddress() },
    );
    expect(posted.status).toBe(200);
    expect(posted.result.status).toBe("held");
  });
});

describe("a search while the disk is full", () => {
  it("answers from the index as it stands, saying it may miss the newest", async () => {
    const indexed = await searchLoader(loaderArgs("/search?q=sheds"));
    expect(indexed).toMatchObject({
      outcome: { kind: "results" },
      indexBehind: false,
    });
    // A new post queues itself for the index; the search would write it there first.
    site.writeContent(
      "posts/bikes.md",
      postFile({ title: "Bike marking" }, "Mark your bike. ".repeat(3000)),
    );
    syncContent(site.db(), site.contentDir);
    fillTheDisk();
    const answer = await searchLoader(loaderArgs("/search?q=sheds"));
    expect(answer).toMatchObject({
      outcome: { kind: "results" },
      indexBehind: true,
    });
    freeTheDisk();
    const again = await searchLoader(loaderArgs("/search?q=bike"));
    expect(again).toMatchObject({
      outcome: { kind: "results" },
      indexBehind: false,
    });
  });
});
