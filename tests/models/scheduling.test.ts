import { beforeAll, describe, expect, it } from "vitest";
import { parseSearchQuery } from "~/domain/search-query";
import { getSitemapContent } from "~/features/feeds/feed-entries.server";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  getPublishedPost,
  listArchiveMonths,
  listPosts,
  listTopics,
} from "~/features/posts/post.server";
import { searchSite } from "~/features/search/search.server";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();

// A hand-written file dated ahead of the clock: the bug was that it topped the home page at once.
const BEFORE = new Date("2026-12-09T23:59:00.000Z");
const DUE = new Date("2026-12-10T00:00:00.000Z");

beforeAll(() => {
  site.writeContent(
    "posts/today.md",
    postFile({ title: "Bins today", date: "2026-12-01", tags: "[bins]" }),
  );
  site.writeContent(
    "posts/ahead.md",
    postFile(
      {
        title: "Street party ahead",
        date: "2026-12-10",
        tags: "[party]",
        area: "North Vale",
      },
      "Bunting and trestle tables.",
    ),
  );
  syncContent(site.db(), site.contentDir);
});

const slugsListed = (now: Date) =>
  listPosts({ kind: "all" }, { page: 1, perPage: 10, now }).posts.map(
    (post) => post.slug,
  );

function searchFor(text: string, now: Date): string[] {
  const query = parseSearchQuery(text);
  if (query.kind !== "terms") throw new Error("not a search");
  return searchSite(query.match, {}, { page: 1, now }).results.map(
    (result) => result.href,
  );
}

describe("a post dated in the future", () => {
  it("is not listed, found, mapped or shown before its date", () => {
    expect(slugsListed(BEFORE)).toEqual(["today"]);
    expect(getPublishedPost("ahead", BEFORE)).toBeNull();
    expect(searchFor("bunting", BEFORE)).toEqual([]);
    expect(getSitemapContent(BEFORE).posts.map((post) => post.slug)).toEqual([
      "today",
    ]);
    const topics = listTopics(BEFORE);
    expect(topics.tags.map((tag) => tag.tagSlug)).not.toContain("party");
    expect(topics.areas.map((area) => area.areaSlug)).not.toContain(
      "north-vale",
    );
    expect(listArchiveMonths(BEFORE)).toEqual([{ month: "2026-12", count: 1 }]);
    // Control: the post dated earlier is there all along.
    expect(getPublishedPost("today", BEFORE)).not.toBeNull();
  });

  it("appears everywhere from the first minute of its date, without a new sync", () => {
    expect(slugsListed(DUE)).toEqual(["ahead", "today"]);
    expect(getPublishedPost("ahead", DUE)?.title).toBe("Street party ahead");
    expect(searchFor("bunting", DUE)).toEqual(["/posts/ahead"]);
    expect(getSitemapContent(DUE).posts.map((post) => post.slug)).toEqual([
      "ahead",
      "today",
    ]);
    expect(listTopics(DUE).tags.map((tag) => tag.tagSlug)).toContain("party");
    expect(listArchiveMonths(DUE)).toEqual([{ month: "2026-12", count: 2 }]);
  });

  it("is not the neighbour of a listed post before its date", () => {
    expect(getPublishedPost("today", BEFORE)?.next).toBeNull();
    expect(getPublishedPost("today", DUE)?.next?.slug).toBe("ahead");
  });
});

describe("a post scheduled for a time of day", () => {
  const MINUTE_BEFORE = new Date("2026-12-11T09:14:59.999Z");
  const ON_TIME = new Date("2026-12-11T09:15:00.000Z");

  beforeAll(() => {
    site.writeContent(
      "posts/timed.md",
      postFile(
        { title: "Meeting at the hall", date: "2026-12-11", time: "09:15" },
        "Tea and biscuits from nine.",
      ),
    );
    syncContent(site.db(), site.contentDir);
  });

  it("waits for its minute, not only its date", () => {
    expect(slugsListed(MINUTE_BEFORE)).not.toContain("timed");
    expect(getPublishedPost("timed", MINUTE_BEFORE)).toBeNull();
    expect(searchFor("biscuits", MINUTE_BEFORE)).toEqual([]);
    expect(
      getSitemapContent(MINUTE_BEFORE).posts.map((post) => post.slug),
    ).not.toContain("timed");
    // Control: the post of the day before is listed at the same moment.
    expect(slugsListed(MINUTE_BEFORE)).toContain("ahead");
  });

  it("is shown everywhere from that minute", () => {
    expect(slugsListed(ON_TIME)[0]).toBe("timed");
    expect(getPublishedPost("timed", ON_TIME)?.title).toBe(
      "Meeting at the hall",
    );
    expect(searchFor("biscuits", ON_TIME)).toEqual(["/posts/timed"]);
    expect(getSitemapContent(ON_TIME).posts.map((post) => post.slug)).toContain(
      "timed",
    );
  });
});
