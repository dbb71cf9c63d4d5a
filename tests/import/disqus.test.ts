import { readFileSync } from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  discussion,
  fixture,
  importFixture,
  resetSite,
} from "../helpers/imports";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();

beforeEach(() => {
  resetSite(site);
  site.writeContent("posts/hello.md", postFile({ title: '"Hello, World!"' }));
  syncContent(site.db(), site.contentDir);
});

describe("importing Disqus comments", () => {
  it("puts a thread's comments under the post with its title, and reports what matches nothing", async () => {
    const summary = await importFixture(
      site,
      fixture("disqus-isso-edge-cases.xml"),
    );
    expect(summary).toMatchObject({
      label: "Disqus",
      postsAdded: [],
      commentsAdded: 4,
      byState: { published: 3, removed: 1 },
      byClass: { named: 4 },
    });
    expect(summary.skipped).toEqual([
      { what: "comment 6", why: "its thread 1337 is not in the file" },
      {
        what: '1 comment of the thread "" (http://localhost:4000/blog/2013/02/12/redacted/index.html)',
        why: "no post here matches it: import the blog's posts first, or check its address and title",
      },
    ]);
    expect(
      discussion(site, "hello").map((row) => [
        row.origin,
        row.parent,
        row.state,
        row.number,
      ]),
    ).toEqual([
      ["disqus:4", null, "published", 1],
      ["disqus:9", null, "removed", 2],
      ["disqus:5", "disqus:4", "published", 3],
      ["disqus:11", "disqus:9", "published", 4],
    ]);
  });

  it("finds a thread's post by its old address once the blog's posts are imported", async () => {
    await importFixture(site, fixture("wxr-1.2-https.xml"));
    const threadByAddress = `<?xml version="1.0"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="50"><link>https://valewatch.example/2019/06/02/bike-marking-day/</link><title>A title that changed</title></thread>
  <post dsq:id="51"><message><![CDATA[<p>From Disqus</p>]]></message><createdAt>2019-07-01T10:00:00Z</createdAt>
    <isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Guest</name><isAnonymous>true</isAnonymous></author><thread dsq:id="50"/></post>
</disqus>`;
    site.writeContent("disqus.xml", threadByAddress);
    const summary = await importFixture(site, `${site.contentDir}/disqus.xml`);
    expect(summary.commentsAdded).toBe(1);
    expect(discussion(site, "bike-marking-day").at(-1)).toMatchObject({
      origin: "disqus:51",
      bodyMarkdown: "From Disqus",
    });
  });
});

describe("Remark42's Disqus sample", () => {
  const sample = readFileSync(fixture("disqus-sample.xml"), "utf8");

  it("is refused at its unquoted attribute once its stray backtick is gone", async () => {
    site.writeContent("sample.xml", sample.slice(1));
    const error = await importFixture(
      site,
      `${site.contentDir}/sample.xml`,
    ).catch((problem: Error) => problem);
    expect((error as Error).message).toBe(
      "the file is not well-formed XML at line 147, inside <post>: unquoted attribute value",
    );
  });

  it("imports its Cyrillic comments under the post with the thread's title once repaired", async () => {
    site.writeContent(
      "posts/podcast-229.md",
      postFile({ title: '"Радио-Т: Радио-Т 229"' }),
    );
    syncContent(site.db(), site.contentDir);
    site.writeContent(
      "sample.xml",
      sample.slice(1).replace("dsq:id=247937687/>", 'dsq:id="247937687"/>'),
    );
    const summary = await importFixture(site, `${site.contentDir}/sample.xml`);
    expect(summary).toMatchObject({
      commentsAdded: 5,
      byState: { published: 4, spam: 1 },
      byClass: { named: 5 },
      skipped: [{ what: "comment x299986073", why: "it has no readable date" }],
    });
    const rows = discussion(site, "podcast-229");
    expect(
      rows.map((row) => [row.origin, row.authorName, row.state, row.createdAt]),
    ).toEqual([
      [
        "disqus:299619020",
        "Alexander Blah",
        "published",
        "2011-08-31T15:16:29.000Z",
      ],
      ["disqus:299744309", "mikhail", "published", "2011-08-31T17:44:22.000Z"],
      [
        "disqus:299986072",
        "No Username",
        "published",
        "2011-08-31T22:48:43.000Z",
      ],
      [
        "disqus:12345678890",
        "Blah Noname",
        "published",
        "2011-08-31T22:49:43.000Z",
      ],
      ["disqus:299986073", "Spam Noname", "spam", "2011-09-30T22:48:43.000Z"],
    ]);
    expect(rows[1]!.bodyMarkdown).toContain(
      "Microsoft показал проводник Windows 8",
    );
  });
});
