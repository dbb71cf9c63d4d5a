import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tmpdir } from "node:os";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { comments, moderationLog, posts } from "../../db/schema";
import { listQueue } from "~/features/moderation/moderation.server";
import {
  contentFiles,
  countRows,
  discussion,
  fixture,
  importFixture,
  resetSite,
  wholeDatabaseText,
} from "../helpers/imports";
import { useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const WXR_12 = fixture("wxr-1.2-https.xml");
const postRow = (slug: string) =>
  site.db().select().from(posts).where(eq(posts.slug, slug)).get();

beforeEach(() => resetSite(site));

describe("importing a WordPress WXR 1.2 export with the https namespace", () => {
  it("brings every post, page and draft, and says what it skipped", async () => {
    const summary = await importFixture(site, WXR_12);
    expect(summary).toMatchObject({
      label: "WordPress",
      postsAdded: ["bike-marking-day", "winter-patrols", "about"],
      pagesAdded: 1,
      draftsAdded: 1,
      commentsAdded: 11,
      byState: { published: 8, pending: 1, spam: 1, removed: 1 },
      byClass: { anonymous: 2, named: 9 },
      redirects: 7,
    });
    expect(summary.skipped).toEqual([
      {
        what: 'comment 12 on "Bike theft & marking day"',
        why: "it is a pingback",
      },
      {
        what: 'comment 13 on "Bike theft & marking day"',
        why: "it is a trackback",
      },
      {
        what: 'attachment "marking.jpg" (id 103)',
        why: "items of type attachment are not imported",
      },
      {
        what: "the parent of comment wordpress:https://valewatch.example#comment-11",
        why: "it is not in the file: the reply was imported as a top-level comment",
      },
    ]);
    expect(contentFiles(site)).toEqual([
      "about.md",
      "bike-marking-day.md",
      "winter-patrols.md",
    ]);
    expect(postRow("bike-marking-day")).toMatchObject({
      status: "published",
      date: "2019-06-02",
      author: "Margaret Okafor",
      summary: "Free frame marking at the library, two days in June.",
      publishedCommentCount: 8,
    });
    expect(postRow("winter-patrols")!.status).toBe("draft");
    expect(postRow("about")).toMatchObject({
      status: "published",
      commentsMode: "closed",
    });
  });

  it("turns the body into Markdown, keeping what Markdown cannot say as HTML", async () => {
    await importFixture(site, WXR_12);
    const file = readFileSync(
      join(site.contentDir, "posts/bike-marking-day.md"),
      "utf8",
    );
    expect(file).toContain('title: "Bike theft & marking day"');
    expect(file).toContain('tags: ["Bikes", "marking"]');
    expect(file).toContain("## Where & when");
    expect(file).toContain(
      "**library car park** — we mark frames for free. 🚲",
    );
    expect(file).toMatch(/^-\s+Saturday 10:00$/m);
    expect(file).toContain("> Marked bikes are stolen less.");
    expect(file).toContain(
      "![A marked frame](https://valewatch.example/wp-content/uploads/marking.jpg)",
    );
    expect(file).toContain("<table>");
    expect(file).toContain("مرحبا بالجميع");
    const html = postRow("bike-marking-day")!.bodyHtml;
    expect(html).toContain("<table>");
    expect(html).toContain("<blockquote>");
    const about = readFileSync(join(site.contentDir, "posts/about.md"), "utf8");
    expect(about).toContain("We are residents.\n\nWe meet monthly.");
  });

  it("keeps every thread, state, class, name and date", async () => {
    await importFixture(site, WXR_12);
    const origin = (n: number) =>
      `wordpress:https://valewatch.example#comment-${n}`;
    const rows = discussion(site, "bike-marking-day");
    expect(
      rows.map((row) => [
        row.origin,
        row.parent,
        row.number,
        row.state,
        row.posterClass,
        row.authorName,
        row.createdAt,
      ]),
    ).toEqual([
      [
        origin(1),
        null,
        1,
        "published",
        "anonymous",
        null,
        "2019-06-02T10:00:00.000Z",
      ],
      [
        origin(2),
        origin(1),
        2,
        "published",
        "named",
        "Margaret Okafor",
        "2019-06-02T10:30:00.000Z",
      ],
      [
        origin(3),
        origin(2),
        3,
        "published",
        "anonymous",
        null,
        "2019-06-02T11:00:00.000Z",
      ],
      [
        origin(4),
        origin(3),
        4,
        "published",
        "named",
        "Dev Patel",
        "2019-06-02T11:10:00.000Z",
      ],
      [
        origin(5),
        origin(4),
        5,
        "published",
        "named",
        "Ruth",
        "2019-06-02T11:20:00.000Z",
      ],
      [
        origin(6),
        origin(5),
        6,
        "published",
        "named",
        "Dev Patel",
        "2019-06-02T11:30:00.000Z",
      ],
      [
        origin(7),
        null,
        null,
        "pending",
        "named",
        "Held Back",
        "2019-06-03T08:00:00.000Z",
      ],
      [
        origin(8),
        null,
        null,
        "spam",
        "named",
        "Cheap Pills",
        "2019-06-03T09:00:00.000Z",
      ],
      [
        origin(9),
        null,
        7,
        "removed",
        "named",
        "Trashed With Reply",
        "2019-06-03T10:00:00.000Z",
      ],
      [
        origin(10),
        origin(9),
        8,
        "published",
        "named",
        "Calm Neighbour",
        "2019-06-03T10:30:00.000Z",
      ],
      [
        origin(11),
        null,
        9,
        "published",
        "named",
        "Orphan",
        "2019-06-04T10:00:00.000Z",
      ],
    ]);
    expect(rows[1]!.bodyMarkdown).toBe("Yes & scooters. *Bring ID* — 😀");
    expect(rows[2]!.bodyMarkdown).toBe("שלום, thanks");
    // The pending comment waits in the desk's queue like any held comment.
    const queue = listQueue(
      { state: "pending", posterClass: null, postId: null },
      { page: 1, perPage: 50 },
    );
    expect(queue.items.map((comment) => comment.authorName)).toEqual([
      "Held Back",
    ]);
  });

  it("writes a log row per comment saying where it came from", async () => {
    await importFixture(site, WXR_12);
    const rows = site
      .db()
      .select()
      .from(moderationLog)
      .where(eq(moderationLog.action, "comment.imported"))
      .all();
    expect(rows).toHaveLength(11);
    expect(rows.every((row) => row.actor === "import")).toBe(true);
    expect(rows[0]!.note).toBe(
      "imported from WordPress (wxr-1.2-https.xml), published",
    );
  });

  it("keeps no email or address, only their keyed hashes", async () => {
    await importFixture(site, WXR_12);
    const everything = wholeDatabaseText(site);
    expect(everything).not.toContain("margaret@valewatch.example");
    expect(everything).not.toContain("192.0.2.2");
    // Control: the comment itself is there.
    expect(everything).toContain("Yes & scooters.");
  });

  it("changes nothing when run again, and says so", async () => {
    await importFixture(site, WXR_12);
    const before = countRows(site);
    const file = readFileSync(
      join(site.contentDir, "posts/bike-marking-day.md"),
      "utf8",
    );
    const again = await importFixture(site, WXR_12);
    expect(again).toMatchObject({
      postsAdded: [],
      postsAlreadyHere: 3,
      commentsAdded: 0,
      commentsAlreadyHere: 11,
      redirects: 0,
    });
    expect(countRows(site)).toEqual(before);
    expect(
      readFileSync(join(site.contentDir, "posts/bike-marking-day.md"), "utf8"),
    ).toBe(file);
  });

  it("adds only the new comment from a newer export of the same blog", async () => {
    await importFixture(site, WXR_12);
    const newer = join(tmpdir(), `lookout-newer-${process.pid}.xml`);
    writeFileSync(
      newer,
      readFileSync(WXR_12, "utf8").replace(
        "\t</item>",
        `\t\t<wp:comment><wp:comment_id>14</wp:comment_id><wp:comment_author>Late Reply</wp:comment_author><wp:comment_date_gmt>2020-01-01 10:00:00</wp:comment_date_gmt><wp:comment_content>Still useful</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>6</wp:comment_parent></wp:comment>\n\t</item>`,
      ),
    );
    const summary = await importFixture(site, newer);
    expect(summary).toMatchObject({
      postsAdded: [],
      commentsAdded: 1,
      commentsAlreadyHere: 11,
    });
    const last = discussion(site, "bike-marking-day").at(-1)!;
    expect(last).toMatchObject({
      authorName: "Late Reply",
      parent: "wordpress:https://valewatch.example#comment-6",
      number: 10,
    });
    expect(postRow("bike-marking-day")!.publishedCommentCount).toBe(9);
  });

  it("only tells what it would do on a dry run", async () => {
    const dry = await importFixture(site, WXR_12, true);
    expect(dry).toMatchObject({
      dryRun: true,
      commentsAdded: 11,
      postsAdded: ["bike-marking-day", "winter-patrols", "about"],
    });
    expect(countRows(site)).toEqual({
      posts: 0,
      comments: 0,
      log: 0,
      origins: 0,
      oldAddresses: 0,
    });
    expect(contentFiles(site)).toEqual([]);
  });
});

describe("importing the other WordPress versions", () => {
  it.each([
    ["wxr-1.0.xml", 6, 3, 1],
    ["wxr-1.1.xml", 2, 1, 1],
    ["wordpress-sample.wxr", 4, 1, 2],
  ])(
    "reads %s: %i posts (%i pages), %i comments",
    async (name, postCount, pages, commentCount) => {
      const summary = await importFixture(site, fixture(name));
      expect(summary.postsAdded).toHaveLength(postCount);
      expect(summary.pagesAdded).toBe(pages);
      expect(summary.commentsAdded).toBe(commentCount);
      expect(summary.byState).toEqual({ published: commentCount });
    },
  );

  it("keeps the nested replies of Isso's test export", async () => {
    const summary = await importFixture(
      site,
      fixture("wxr-isso-edge-cases.xml"),
    );
    expect(summary.commentsAdded).toBe(7);
    expect(summary.skipped).toContainEqual({
      what: "comment wordpress:#comment-11",
      why: "the file has another with the same id: the first was imported",
    });
    const origin = (n: number) => `wordpress:#comment-${n}`;
    expect(
      discussion(site, "test").map((row) => [row.origin, row.parent]),
    ).toEqual([
      [origin(2), null],
      [origin(6), null],
      [origin(7), origin(6)],
      [origin(8), origin(7)],
      [origin(9), origin(7)],
      [origin(10), null],
      [origin(11), null],
    ]);
  });
});

describe("hostile markup in an export", () => {
  it("reaches no page: post and comment bodies go through the sanitizer", async () => {
    const hostile = `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><link>https://hostile.example</link>
<item><title>Hostile</title><wp:post_id>1</wp:post_id><wp:post_name>hostile</wp:post_name><wp:post_date>2020-01-01 10:00:00</wp:post_date>
<content:encoded><![CDATA[<p>Fine text</p><script>alert(1)</script><table><tr><td onclick="alert(2)"><a href="javascript:alert(3)">x</a></td></tr></table><iframe src="https://evil.example"></iframe>]]></content:encoded>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>Eve</wp:comment_author><wp:comment_date_gmt>2020-01-01 11:00:00</wp:comment_date_gmt>
<wp:comment_content><![CDATA[Hi <img src=x onerror="alert(4)"><script>alert(5)</script><a href="javascript:alert(6)">link</a>]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>
</item></channel></rss>`;
    site.writeContent("hostile.xml", hostile);
    await importFixture(site, `${site.contentDir}/hostile.xml`);
    const post = postRow("hostile")!;
    const [comment] = site.db().select().from(comments).all();
    for (const html of [post.bodyHtml, comment!.bodyHtml]) {
      expect(html).not.toMatch(/<script|onerror|onclick|javascript:|<iframe/i);
    }
    // Control: the harmless parts are there.
    expect(post.bodyHtml).toContain("Fine text");
    expect(comment!.bodyHtml).toContain("Hi");
  });
});

describe("a post whose name is an address of the writing desk", () => {
  it("is imported under the next free address, as a taken one is", async () => {
    const item = (id: number, name: string) =>
      `<item><title>${name}</title><wp:post_id>${id}</wp:post_id><wp:post_name>${name}</wp:post_name><wp:post_date>2020-01-0${id} 10:00:00</wp:post_date><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><content:encoded><![CDATA[<p>About ${name}.</p>]]></content:encoded></item>`;
    site.writeContent(
      "desk-names.xml",
      `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><link>https://desk.example</link>
${item(1, "preview")}${item(2, "images")}${item(3, "new")}${item(4, "imagery")}
</channel></rss>`,
    );
    await importFixture(site, `${site.contentDir}/desk-names.xml`);
    // /write/preview, /write/images and /write/new are the desk's own pages: a post there could
    // never be opened to edit.
    for (const name of ["preview", "images", "new"]) {
      expect(postRow(name), name).toBeUndefined();
      expect(postRow(`${name}-2`)?.title, name).toBe(name);
    }
    // The control: a name no desk page takes is kept as it is.
    expect(postRow("imagery")?.title).toBe("imagery");
  });
});
