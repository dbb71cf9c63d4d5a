import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { posts } from "../../db/schema";
import {
  contentFiles,
  discussion,
  fixture,
  importFixture,
  resetSite,
} from "../helpers/imports";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const postRow = (slug: string) =>
  site.db().select().from(posts).where(eq(posts.slug, slug)).get();
const byBlogger = (id: string) => `blogger:tag:blogger.com,1999:blog-${id}`;

beforeEach(() => resetSite(site));

describe("importing Blogger's Back up content", () => {
  it("reads the real 2008 sample: 4 posts, 3 comments, settings and template left out", async () => {
    const summary = await importFixture(
      site,
      fixture("blogger-classic-sample.xml"),
    );
    expect(summary).toMatchObject({
      label: "Blogger",
      postsAdded: [
        "somewhat-brief-history",
        "about-me",
        "rolling-in-hawaii",
        "this-about-sums-up-my-life",
      ],
      commentsAdded: 3,
      byState: { published: 3 },
      byClass: { named: 3 },
      skipped: [],
    });
    const comment = (id: string) => byBlogger(`3113891067179933828.post-${id}`);
    expect(
      discussion(site, "this-about-sums-up-my-life").map((row) => [
        row.origin,
        row.parent,
        row.number,
        row.authorName,
        row.createdAt,
      ]),
    ).toEqual([
      [
        comment("7939092188512366396"),
        null,
        1,
        "journalseditor @ aol",
        "2008-11-12T00:08:00.000Z",
      ],
      [
        comment("1066271041639903470"),
        null,
        2,
        "JJ",
        "2008-11-12T00:10:00.000Z",
      ],
    ]);
    expect(discussion(site, "somewhat-brief-history")).toHaveLength(1);
    expect(postRow("somewhat-brief-history")).toMatchObject({
      date: "2008-04-15",
      author: "JJ",
      publishedCommentCount: 1,
    });
    const file = readFileSync(
      join(site.contentDir, "posts/somewhat-brief-history.md"),
      "utf8",
    );
    expect(file).toContain(
      'tags: ["individual", "Everything", "Previously Unpublished"]',
    );
  });

  it("reads the same format written with namespace prefixes", async () => {
    const summary = await importFixture(
      site,
      fixture("blogger-classic-prefixed.xml"),
    );
    expect(summary.postsAdded).toEqual([
      "a-test-of-newlines-and-labelscategories",
      "an-image-test",
      "a-video-test",
    ]);
    expect(summary.commentsAdded).toBe(2);
    expect(
      discussion(site, "a-test-of-newlines-and-labelscategories"),
    ).toMatchObject([
      {
        origin: "blogger:post-17.comment-8",
        authorName: "jlueck",
        state: "published",
      },
    ]);
  });

  it("keeps the board's Anonymous commenter anonymous, a reply in its thread, and a draft a draft", async () => {
    const summary = await importFixture(
      site,
      fixture("blogger-classic-board.xml"),
    );
    expect(summary).toMatchObject({
      postsAdded: [
        "property-marking-scheme",
        "summer-fete-draft",
        "contact-us",
      ],
      pagesAdded: 1,
      draftsAdded: 1,
      byClass: { anonymous: 2, named: 1 },
    });
    expect(
      discussion(site, "property-marking-scheme").map((row) => [
        row.origin,
        row.parent,
        row.posterClass,
        row.authorName,
        row.createdAt,
      ]),
    ).toEqual([
      [
        byBlogger("777.post-2001"),
        null,
        "anonymous",
        null,
        "2016-05-04T08:15:00.000Z",
      ],
      [
        byBlogger("777.post-2002"),
        byBlogger("777.post-2001"),
        "named",
        "Margaret Okafor",
        "2016-05-04T09:00:00.000Z",
      ],
      [
        byBlogger("777.post-2003"),
        null,
        "anonymous",
        null,
        "2016-05-05T11:00:00.000Z",
      ],
    ]);
    expect(postRow("property-marking-scheme")).toMatchObject({
      date: "2016-05-03",
      status: "published",
    });
    expect(postRow("summer-fete-draft")!.status).toBe("draft");
  });
});

describe("importing Blogger Takeout's feed.atom", () => {
  it("reads posts, drafts and comments without the classic kind categories", async () => {
    const summary = await importFixture(site, fixture("blogger-takeout.atom"));
    expect(summary).toMatchObject({
      label: "Blogger Takeout",
      postsAdded: ["catalytic-converter-thefts", "half-written"],
      draftsAdded: 1,
      commentsAdded: 4,
      byState: { published: 2, pending: 1, spam: 1 },
      byClass: { anonymous: 1, named: 3 },
      skipped: [
        {
          what: 'post "Thrown away" (tag:blogger.com,1999:blog-888.post-13)',
          why: "it is in the old blog's trash (SOFT_TRASHED)",
        },
      ],
    });
    expect(contentFiles(site)).toEqual([
      "catalytic-converter-thefts.md",
      "half-written.md",
    ]);
    expect(
      discussion(site, "catalytic-converter-thefts").map((row) => [
        row.origin,
        row.parent,
        row.state,
        row.posterClass,
        row.number,
      ]),
    ).toEqual([
      [byBlogger("888.post-14"), null, "published", "anonymous", 1],
      [
        byBlogger("888.post-15"),
        byBlogger("888.post-14"),
        "published",
        "named",
        2,
      ],
      [byBlogger("888.post-16"), null, "pending", "named", null],
      [byBlogger("888.post-17"), null, "spam", "named", null],
    ]);
    const file = readFileSync(
      join(site.contentDir, "posts/catalytic-converter-thefts.md"),
      "utf8",
    );
    expect(file).toContain('tags: ["vehicle crime"]');
    expect(file).toContain("Three cars on *Mill Lane* this week.");
  });
});
