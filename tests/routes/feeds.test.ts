import { desc, eq } from "drizzle-orm";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { comments, posts } from "../../db/schema";
import {
  approveComment,
  moderateComments,
} from "~/features/moderation/state-changes.server";
import { loader as rootLoader } from "~/root";
import { loader as areaFeedLoader } from "~/routes/areas.$area.feed[.xml]";
import { loader as feedLoader } from "~/routes/feed[.xml]";
import { loader as postCommentsFeedLoader } from "~/routes/posts.$slug.feed[.xml]";
import { loader as postLoader, meta as postMeta } from "~/routes/posts.$slug";
import { loader as robotsLoader } from "~/routes/robots[.txt]";
import { loader as sitemapLoader } from "~/routes/sitemap[.xml]";
import { loader as tagFeedLoader } from "~/routes/tags.$tag.feed[.xml]";
import { loader as tagLoader, meta as tagMeta } from "~/routes/tags.$tag";
import { syncContent } from "~/features/posts/content-sync.server";
import { firstImageOf, pageMeta } from "~/domain/meta";
import {
  commentFields,
  cookieFrom,
  freshAddress,
  postComment,
} from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";
import { loaderArgs, thrown } from "../helpers/loaders";

// env() is read once, on first use: the site's public address must be set before anything runs.
const { SITE } = vi.hoisted(() => {
  const SITE = "https://lookout.example.org";
  process.env.SITE_URL = SITE;
  return { SITE };
});

const site = useTempSite();

const TRICKY_TITLE = "Locks <b>& bolts";
const RFC_3339 =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;
const moderator = { name: "Test moderator", userId: null };

beforeAll(() => {
  site.writeContent(
    "posts/sheds.md",
    postFile(
      {
        title: JSON.stringify(TRICKY_TITLE),
        date: "2026-03-14",
        summary: '"Hinges <i>first</i> & padlocks second."',
        tags: "[home security, burglary]",
        area: "South Vale",
      },
      [
        "## Start with the door",
        "",
        "See [the bike post](/posts/bikes), the [next step](#start-with-the-door)",
        "and [a guide](https://police.example/guide).",
        "",
        "![A padlock](images/lock.svg)",
        "",
        'Odd text: ]]> and ]]> again. Text that reads href="/plain".',
      ].join("\n"),
    ),
  );
  site.writeContent(
    "posts/bikes.md",
    postFile({
      title: '"Bike marking day"',
      date: "2026-04-02",
      tags: "[bikes, burglary]",
      area: "North Vale",
    }),
  );
  site.writeContent(
    "posts/withdrawn.md",
    postFile({
      title: '"Withdrawn notice"',
      date: "2026-04-10",
      tags: "[withdrawn only]",
      area: "Old Town",
    }),
  );
  syncContent(site.db(), site.contentDir);
  site.removeContent("posts/withdrawn.md");
  syncContent(site.db(), site.contentDir);
});

const args = (path: string, params: Record<string, string> = {}) =>
  loaderArgs(path, params, SITE);

type Attributes = Record<string, string | undefined>;
type AtomLink = Attributes;
type AtomEntry = {
  id: string;
  title: { "#text": string; "@_type"?: string } | string;
  updated: string;
  published?: string;
  link: AtomLink[];
  author: { name: string }[];
  summary?: { "#text": string; "@_type"?: string };
  content?: { "#text": string; "@_type"?: string };
  category?: Attributes[];
};
type AtomFeed = {
  id: string;
  title: string;
  subtitle?: string;
  updated: string;
  link: AtomLink[];
  entry?: AtomEntry[];
};

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name) => ["entry", "link", "author", "category"].includes(name),
});

/** The feed a response carries, after checking it is well-formed Atom served as Atom. */
async function readFeed(response: Response): Promise<AtomFeed> {
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe(
    "application/atom+xml; charset=utf-8",
  );
  const xml = await response.text();
  expect(XMLValidator.validate(xml)).toBe(true);
  const document = parser.parse(xml) as {
    feed: AtomFeed & { "@_xmlns": string };
  };
  expect(document.feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
  checkAtom(document.feed);
  return document.feed;
}

const textOf = (value: { "#text": string } | string | undefined) =>
  typeof value === "object" ? value["#text"] : value;
const linkOf = (links: AtomLink[], rel: string) =>
  links.find((link) => (link["@_rel"] ?? "alternate") === rel)?.["@_href"];

/** What RFC 4287 requires of every feed and entry, and what this site promises on top. */
function checkAtom(feed: AtomFeed): void {
  expect(feed.id).toMatch(/^tag:lookout\.example\.org,2026:/);
  expect(feed.title).toBeTruthy();
  expect(feed.updated).toMatch(RFC_3339);
  expect(linkOf(feed.link, "self")).toMatch(
    /^https:\/\/lookout\.example\.org\//,
  );
  expect(linkOf(feed.link, "alternate")).toMatch(
    /^https:\/\/lookout\.example\.org\//,
  );
  const entries = feed.entry ?? [];
  expect(new Set(entries.map((entry) => entry.id)).size).toBe(entries.length);
  for (const entry of entries) {
    expect(entry.id).toMatch(/^tag:lookout\.example\.org,2026:/);
    expect(textOf(entry.title)).toBeTruthy();
    expect(entry.updated).toMatch(RFC_3339);
    if (entry.published !== undefined)
      expect(entry.published).toMatch(RFC_3339);
    expect(entry.link.length).toBeGreaterThan(0);
    for (const link of entry.link) {
      expect(link["@_rel"]).toBe("alternate");
      expect(link["@_href"]).toMatch(/^https:\/\/lookout\.example\.org\//);
    }
    expect(entry.author.length).toBeGreaterThan(0);
    expect(entry.author[0]!.name).toBeTruthy();
  }
  // The feed's updated time is its newest entry's.
  if (entries.length > 0) {
    const newest = Math.max(
      ...entries.map((entry) => Date.parse(entry.updated)),
    );
    expect(Date.parse(feed.updated)).toBe(newest);
  }
}

const titles = (feed: AtomFeed) =>
  (feed.entry ?? []).map((entry) => textOf(entry.title));

describe("the feed of every post", () => {
  it("lists the published posts, newest first, with absolute links and stable ids", async () => {
    const feed = await readFeed(feedLoader());
    expect(feed.id).toBe("tag:lookout.example.org,2026:feed");
    expect(feed.title).toBe("Lookout");
    expect(linkOf(feed.link, "self")).toBe(`${SITE}/feed.xml`);
    expect(linkOf(feed.link, "alternate")).toBe(`${SITE}/`);
    const entries = feed.entry!;
    expect(entries.map((entry) => entry.id)).toEqual([
      "tag:lookout.example.org,2026:posts/bikes",
      "tag:lookout.example.org,2026:posts/sheds",
    ]);
    expect(linkOf(entries[0]!.link, "alternate")).toBe(`${SITE}/posts/bikes`);
    expect(entries[0]!.author[0]!.name).toBe("Margaret Okafor");
    expect(entries[0]!.published).toBe("2026-04-02T00:00:00.000Z");
    expect(entries[0]!.category?.map((tag) => tag["@_term"])).toEqual([
      "bikes",
      "burglary",
    ]);
  });

  it("escapes a title and a summary that look like HTML", async () => {
    const feed = await readFeed(feedLoader());
    const sheds = feed.entry!.find((entry) =>
      entry.id.endsWith(":posts/sheds"),
    )!;
    // type="html": the text is HTML-escaped, so a reader shows "<b>&" rather than bold text.
    expect(sheds.title).toEqual({
      "#text": "Locks &lt;b&gt;&amp; bolts",
      "@_type": "html",
    });
    expect(sheds.summary).toEqual({
      "#text": "Hinges &lt;i&gt;first&lt;/i&gt; &amp; padlocks second.",
      "@_type": "html",
    });
  });

  it("carries the stored body with its links and images made absolute", async () => {
    const feed = await readFeed(feedLoader());
    const sheds = feed.entry!.find((entry) =>
      entry.id.endsWith(":posts/sheds"),
    )!;
    expect(sheds.content?.["@_type"]).toBe("html");
    const html = sheds.content!["#text"];
    expect(html).toContain(`href="${SITE}/posts/bikes"`);
    expect(html).toContain(`href="${SITE}/posts/sheds#start-with-the-door"`);
    expect(html).toContain('href="https://police.example/guide"');
    expect(html).toContain(`src="${SITE}/media/images/lock.svg"`);
    expect(html).toContain("]]&gt; and ]]&gt; again.");
    // Only attributes are rewritten, never text that looks like one.
    expect(html).toContain('Text that reads href="/plain".');
  });

  it("never lists an unpublished post", async () => {
    const feed = await readFeed(feedLoader());
    expect(titles(feed)).not.toContain("Withdrawn notice");
  });
});

describe("the feeds of a tag and an area", () => {
  it("lists the tag's posts", async () => {
    const feed = await readFeed(
      tagFeedLoader(args("/tags/bikes/feed.xml", { tag: "bikes" })),
    );
    expect(feed.id).toBe("tag:lookout.example.org,2026:tags/bikes/feed");
    expect(feed.title).toBe("Lookout: posts tagged “bikes”");
    expect(linkOf(feed.link, "self")).toBe(`${SITE}/tags/bikes/feed.xml`);
    expect(linkOf(feed.link, "alternate")).toBe(`${SITE}/tags/bikes`);
    expect(titles(feed)).toEqual(["Bike marking day"]);
    const both = await readFeed(
      tagFeedLoader(args("/tags/burglary/feed.xml", { tag: "burglary" })),
    );
    expect(titles(both)).toEqual([
      "Bike marking day",
      "Locks &lt;b&gt;&amp; bolts",
    ]);
  });

  it("lists the area's posts", async () => {
    const feed = await readFeed(
      areaFeedLoader(
        args("/areas/south-vale/feed.xml", { area: "south-vale" }),
      ),
    );
    expect(feed.id).toBe("tag:lookout.example.org,2026:areas/south-vale/feed");
    expect(feed.title).toBe("Lookout: posts about South Vale");
    expect(linkOf(feed.link, "alternate")).toBe(`${SITE}/areas/south-vale`);
    expect(titles(feed)).toEqual(["Locks &lt;b&gt;&amp; bolts"]);
  });

  it.each([
    ["an unknown tag", () => tagFeedLoader(args("/", { tag: "no-such-tag" }))],
    [
      "a tag of unpublished posts only",
      () => tagFeedLoader(args("/", { tag: "withdrawn-only" })),
    ],
    ["an unknown area", () => areaFeedLoader(args("/", { area: "nowhere" }))],
    [
      "an area of unpublished posts only",
      () => areaFeedLoader(args("/", { area: "old-town" })),
    ],
    [
      "an unknown post",
      () => postCommentsFeedLoader(args("/", { slug: "no-such-post" })),
    ],
    [
      "an unpublished post",
      () => postCommentsFeedLoader(args("/", { slug: "withdrawn" })),
    ],
  ])("answers %s with a 404", async (_, run) => {
    expect((await thrown(run)).status).toBe(404);
  });

  it("reads the database in the same number of queries however many posts a feed holds", async () => {
    const prepare = vi.spyOn(site.db().$client, "prepare");
    tagFeedLoader(args("/", { tag: "bikes" }));
    const onePost = prepare.mock.calls.length;
    prepare.mockClear();
    tagFeedLoader(args("/", { tag: "burglary" }));
    expect(prepare.mock.calls.length).toBe(onePost);
    prepare.mockRestore();
  });
});

describe("the feed of a post's comments", () => {
  const commentsFeed = () =>
    readFeed(postCommentsFeedLoader(args("/", { slug: "sheds" })));
  const newestCommentId = () =>
    site
      .db()
      .select({ id: comments.id })
      .from(comments)
      .orderBy(desc(comments.id))
      .get()!.id;
  let ruthCookie: string | null = null;

  it("is empty, dated like its post, before any comment is published", async () => {
    const feed = await commentsFeed();
    expect(feed.entry).toBeUndefined();
    expect(feed.id).toBe("tag:lookout.example.org,2026:posts/sheds/comments");
    expect(feed.title).toBe(`Lookout: comments on “${TRICKY_TITLE}”`);
    expect(feed.updated).toBe("2026-03-14T00:00:00.000Z");
    expect(linkOf(feed.link, "self")).toBe(`${SITE}/posts/sheds/feed.xml`);
    expect(linkOf(feed.link, "alternate")).toBe(`${SITE}/posts/sheds#comments`);
  });

  it("leaves out a held comment, and lists it once a moderator approves it", async () => {
    const posted = await postComment(
      "sheds",
      commentFields({ name: "Ruth", body: "Do the *hinges* matter?" }),
      { address: freshAddress() },
    );
    expect(posted.result).toMatchObject({ status: "held" });
    ruthCookie = cookieFrom(posted.setCookie);
    const held = newestCommentId();
    expect((await commentsFeed()).entry).toBeUndefined();

    expect(approveComment(held, moderator, new Date())).toBe(true);
    const feed = await commentsFeed();
    expect(feed.entry).toHaveLength(1);
    const [entry] = feed.entry!;
    expect(entry!.id).toBe(
      "tag:lookout.example.org,2026:posts/sheds/comments/1",
    );
    // The post's title is escaped inside the HTML title.
    expect(entry!.title).toEqual({
      "#text": "Comment #1 by Ruth on Locks &lt;b&gt;&amp; bolts",
      "@_type": "html",
    });
    expect(linkOf(entry!.link, "alternate")).toBe(
      `${SITE}/posts/sheds/comments/1`,
    );
    expect(entry!.author[0]!.name).toBe("Ruth");
    expect(entry!.content?.["#text"]).toContain("<em>hinges</em>");
    expect(feed.updated).toBe(entry!.updated);
  });

  it("lists newest first, and never a pending, rejected or removed comment", async () => {
    // Ruth has an approved comment now: hold-first publishes her next one.
    const second = await postComment(
      "sheds",
      commentFields({ name: "Ruth", body: "Fitted a hasp, thanks." }),
      { cookie: ruthCookie, address: freshAddress() },
    );
    expect(second.result).toMatchObject({
      status: "published",
      comment: { number: 2 },
    });

    const pending = await postComment(
      "sheds",
      commentFields({ body: "Anonymous and still waiting." }),
      { address: freshAddress() },
    );
    expect(pending.result).toMatchObject({ status: "held" });

    const rejected = await postComment(
      "sheds",
      commentFields({ body: "Anonymous and turned down." }),
      { address: freshAddress() },
    );
    expect(rejected.result).toMatchObject({ status: "held" });
    moderateComments(
      [newestCommentId()],
      "reject",
      moderator,
      null,
      new Date(),
    );

    const removed = await postComment(
      "sheds",
      commentFields({ body: "Published, then taken down." }),
      { address: freshAddress() },
    );
    expect(removed.result).toMatchObject({ status: "held" });
    const removedId = newestCommentId();
    approveComment(removedId, moderator, new Date());
    moderateComments([removedId], "remove", moderator, null, new Date());

    const feed = await commentsFeed();
    expect(titles(feed)).toEqual([
      "Comment #2 by Ruth on Locks &lt;b&gt;&amp; bolts",
      "Comment #1 by Ruth on Locks &lt;b&gt;&amp; bolts",
    ]);
    const bodies = feed.entry!.map((entry) => entry.content?.["#text"]);
    for (const hidden of ["still waiting", "turned down", "taken down"]) {
      expect(bodies.join("\n")).not.toContain(hidden);
    }
  });

  it("keeps the other posts' feeds free of comments", async () => {
    const feed = await readFeed(
      postCommentsFeedLoader(args("/", { slug: "bikes" })),
    );
    expect(feed.entry).toBeUndefined();
    expect(feed.updated).toBe("2026-04-02T00:00:00.000Z");
  });
});

describe("sitemap.xml", () => {
  it("lists home, archive, the published posts with their last change, tags, areas and months", async () => {
    const response = sitemapLoader();
    expect(response.headers.get("Content-Type")).toBe(
      "application/xml; charset=utf-8",
    );
    const xml = await response.text();
    expect(XMLValidator.validate(xml)).toBe(true);
    const { urlset } = parser.parse(xml) as {
      urlset: {
        "@_xmlns": string;
        url: { loc: string; lastmod?: string }[];
      };
    };
    expect(urlset["@_xmlns"]).toBe(
      "http://www.sitemaps.org/schemas/sitemap/0.9",
    );
    const locs = urlset.url.map((url) => url.loc);
    expect(locs).toEqual(
      expect.arrayContaining([
        `${SITE}/`,
        `${SITE}/archive`,
        `${SITE}/posts/bikes`,
        `${SITE}/posts/sheds`,
        `${SITE}/tags/bikes`,
        `${SITE}/tags/home-security`,
        `${SITE}/areas/north-vale`,
        `${SITE}/areas/south-vale`,
        `${SITE}/archive/2026/03`,
      ]),
    );
    expect(new Set(locs).size).toBe(locs.length);
    for (const loc of locs) expect(loc.startsWith(`${SITE}/`)).toBe(true);
    const withdrawn = locs.filter((loc) =>
      /withdrawn|old-town|2026\/04\/10/.test(loc),
    );
    expect(withdrawn).toEqual([]);
    const posts = urlset.url.filter((url) => url.loc.includes("/posts/"));
    expect(posts).toHaveLength(2);
    for (const post of posts) expect(post.lastmod).toMatch(RFC_3339);
  });
});

describe("robots.txt", () => {
  it("allows everything but the desk and the account forms, and names the sitemap", async () => {
    const response = robotsLoader();
    expect(response.headers.get("Content-Type")).toBe(
      "text/plain; charset=utf-8",
    );
    expect(await response.text()).toBe(
      [
        "User-agent: *",
        "Allow: /",
        "Disallow: /moderation",
        "Disallow: /sign-in",
        "Disallow: /sign-up",
        "Disallow: /sign-out",
        "Disallow: /forgot-password",
        "Disallow: /reset-password",
        "Disallow: /confirm-email",
        "Disallow: /account",
        "",
        `Sitemap: ${SITE}/sitemap.xml`,
        "",
      ].join("\n"),
    );
  });
});

describe("meta tags for sharing", () => {
  type MetaArgs = Parameters<typeof postMeta>[0];
  const rootMatch = async () => ({
    id: "root",
    data: await rootLoader(args("/")),
  });

  it("gives a post its canonical URL, Open Graph article tags, a card and its comments feed", async () => {
    const root = await rootMatch();
    expect(root.data.siteUrl).toBe(SITE);
    const data = await postLoader(args("/posts/sheds", { slug: "sheds" }));
    const tags = postMeta({
      data,
      matches: [root],
      params: { slug: "sheds" },
      location: { pathname: "/posts/sheds", search: "", hash: "" },
    } as unknown as MetaArgs);
    expect(tags).toEqual(
      expect.arrayContaining([
        { title: `${TRICKY_TITLE} — Lookout` },
        {
          name: "description",
          content: "Hinges <i>first</i> & padlocks second.",
        },
        { tagName: "link", rel: "canonical", href: `${SITE}/posts/sheds` },
        { property: "og:url", content: `${SITE}/posts/sheds` },
        { property: "og:type", content: "article" },
        { property: "og:title", content: TRICKY_TITLE },
        { property: "og:site_name", content: "Lookout" },
        {
          property: "og:description",
          content: "Hinges <i>first</i> & padlocks second.",
        },
        // The post has a picture, so link previews show it.
        { name: "twitter:card", content: "summary_large_image" },
        { property: "og:image", content: `${SITE}/media/images/lock.svg` },
        { property: "og:image:alt", content: "A padlock" },
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          title: `Lookout: comments on “${TRICKY_TITLE}”`,
          href: `${SITE}/posts/sheds/feed.xml`,
        },
      ]),
    );
  });

  it("gives a tag page its feed and a website type, with the page in its canonical URL", async () => {
    const root = await rootMatch();
    const data = await tagLoader(args("/tags/bikes", { tag: "bikes" }));
    const tags = tagMeta({
      data,
      matches: [root],
      params: { tag: "bikes" },
      location: { pathname: "/tags/bikes", search: "", hash: "" },
    } as unknown as Parameters<typeof tagMeta>[0]);
    expect(tags).toEqual(
      expect.arrayContaining([
        { tagName: "link", rel: "canonical", href: `${SITE}/tags/bikes` },
        { property: "og:type", content: "website" },
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          title: "Lookout: posts tagged “bikes”",
          href: `${SITE}/tags/bikes/feed.xml`,
        },
      ]),
    );
  });

  it("builds the same tags from pageMeta directly, and leaves the URL out when it is unknown", () => {
    const matches = [{ id: "root", data: { siteUrl: SITE } }];
    const home = pageMeta(matches, { path: "/?page=2", feed: { kind: "all" } });
    expect(home).toEqual(
      expect.arrayContaining([
        { title: "Lookout" },
        { tagName: "link", rel: "canonical", href: `${SITE}/?page=2` },
        { property: "og:type", content: "website" },
        {
          tagName: "link",
          rel: "alternate",
          type: "application/atom+xml",
          title: "Lookout",
          href: `${SITE}/feed.xml`,
        },
      ]),
    );
    const notFound = pageMeta(matches, { title: "Not found" });
    expect(
      notFound.some((tag) => "rel" in tag && tag.rel === "canonical"),
    ).toBe(false);
    expect(
      notFound.some((tag) => "property" in tag && tag.property === "og:url"),
    ).toBe(false);
  });
});

describe("a post's picture in link previews", () => {
  it("takes the first image of the post's body, absolute, with its description", () => {
    const image = firstImageOf(
      '<p>Intro</p><p><img src="/media/images/kit.svg" alt="A &quot;kit&quot; &amp; torch" loading="lazy" /></p><img src="/second.png" alt="no" />',
    );
    expect(image).toEqual({
      src: "/media/images/kit.svg",
      alt: 'A "kit" & torch',
    });
    const tags = pageMeta([{ id: "root", data: { siteUrl: SITE } }], {
      title: "Kits",
      path: "/posts/kits",
      image,
    });
    expect(tags).toEqual(
      expect.arrayContaining([
        { property: "og:image", content: `${SITE}/media/images/kit.svg` },
        { property: "og:image:alt", content: 'A "kit" & torch' },
        { name: "twitter:card", content: "summary_large_image" },
      ]),
    );
  });

  it("has no picture when the post has none", () => {
    expect(firstImageOf("<p>No pictures here.</p>")).toBeNull();
    const tags = pageMeta([{ id: "root", data: { siteUrl: SITE } }], {
      title: "Plain",
      image: null,
    });
    expect(
      tags.some((tag) => "property" in tag && tag.property === "og:image"),
    ).toBe(false);
    expect(tags).toContainEqual({ name: "twitter:card", content: "summary" });
  });
});

describe("when a post changed", () => {
  it("dates a post by its date until its file is edited, then by the edit", async () => {
    const before = await readFeed(feedLoader());
    expect(before.entry!.map((entry) => entry.updated)).toEqual([
      "2026-04-02T00:00:00.000Z",
      "2026-03-14T00:00:00.000Z",
    ]);
    expect(before.updated).toBe("2026-04-02T00:00:00.000Z");

    // Indexed a day ago, edited now.
    site
      .db()
      .update(posts)
      .set({ createdAt: new Date(Date.now() - 86_400_000) })
      .where(eq(posts.slug, "sheds"))
      .run();
    site.writeContent(
      "posts/sheds.md",
      postFile({ title: JSON.stringify(TRICKY_TITLE), date: "2026-03-14" }),
    );
    const start = Date.now();
    syncContent(site.db(), site.contentDir);

    const after = await readFeed(feedLoader());
    const sheds = after.entry!.find((entry) =>
      entry.id.endsWith(":posts/sheds"),
    )!;
    expect(Date.parse(sheds.updated)).toBeGreaterThanOrEqual(start);
    expect(sheds.published).toBe("2026-03-14T00:00:00.000Z");
    expect(after.updated).toBe(sheds.updated);

    const xml = await sitemapLoader().text();
    expect(xml).toContain(
      `<loc>${SITE}/posts/sheds</loc><lastmod>${sheds.updated}</lastmod>`,
    );
    expect(xml).toContain(
      `<loc>${SITE}/posts/bikes</loc><lastmod>2026-04-02T00:00:00.000Z</lastmod>`,
    );
  });
});
