import { desc, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { comments, posts } from "../../db/schema";
import { parseSearchQuery } from "~/domain/search-query";
import {
  approveComment,
  moderateComments,
} from "~/features/moderation/state-changes.server";
import {
  htmlToText,
  rebuildSearchIndex,
  refreshSearchIndex,
  searchPlan,
  searchSite,
  type SearchFilters,
  type SearchResult,
} from "~/features/search/search.server";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  renderCommentMarkdown,
  renderPostMarkdown,
} from "~/platform/markdown.server";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const sync = () => syncContent(site.db(), site.contentDir);
const MODERATOR = { name: "Mo Derator", userId: null };

type Found = { total: number; results: SearchResult[] };

/** Searches as the page does: what the reader typed, through the query parser. */
function search(
  text: string,
  filters: SearchFilters = {},
  { page = 1, perPage = 10 }: { page?: number; perPage?: number } = {},
): Found {
  const query = parseSearchQuery(text);
  if (query.kind !== "terms") return { total: 0, results: [] };
  return searchSite(query.match, filters, { page, perPage });
}

const hrefs = (found: Found) => found.results.map((result) => result.href);

const newestCommentId = () =>
  site.db().select().from(comments).orderBy(desc(comments.id)).get()!.id;

/** A comment through the post's form (held, as anonymous), approved by a moderator unless told. */
async function comment(
  slug: string,
  body: string,
  { approve = true } = {},
): Promise<number> {
  const posted = await postComment(slug, commentFields({ body }), {
    address: freshAddress(),
  });
  expect(posted.result.status).toBe("held");
  const id = newestCommentId();
  if (approve) expect(approveComment(id, MODERATOR, new Date())).toBe(true);
  return id;
}

const queued = () =>
  site.db().get<{ n: number }>(sql`select count(*) as n from search_queue`)!.n;

beforeAll(() => {
  site.writeContent(
    "posts/bike-marking-day.md",
    postFile(
      {
        title: '"Bike marking day at the station"',
        date: "2026-05-01",
        summary: '"Bring your frame number and proof of ownership."',
        tags: "[bikes, events]",
        area: "Station Quarter",
      },
      "Officers will engrave **frames** for free.",
    ),
  );
  site.writeContent(
    "posts/shed-security.md",
    postFile(
      {
        title: '"Shed security for the summer"',
        date: "2026-05-10",
        summary: '"Padlocks, hinges and alarms."',
        tags: "[home security]",
        area: "South Vale",
      },
      "## Inside the shed\n\nKeep your bike chained to a ground anchor, " +
        "and your tools *out of sight*.",
    ),
  );
  site.writeContent(
    "posts/markup.md",
    postFile(
      {
        title: '"Tom & Jerry <3 the garden"',
        date: "2026-04-01",
        summary: '"A post with markup in it."',
        tags: "[garden]",
        area: "North Vale",
      },
      'A <strong>bold</strong> claim: 5 < 6 & "quotes" stay.\n\n' +
        "![A padlocked gate](images/gate.svg)\n\n" +
        "| Street | Kits |\n| --- | --- |\n| Elm Road | 40 |",
    ),
  );
  expect(sync().failed).toEqual([]);
});

describe("htmlToText", () => {
  it.each<[string, string, string]>([
    ["tags removed", "<p>A <strong>bold</strong> claim</p>", "A bold claim"],
    [
      "blocks separate words",
      "<h2>Title</h2><p>one</p><p>two</p>",
      "Title one two",
    ],
    ["a line break separates words", "<p>line<br />break</p>", "line break"],
    ["list items", "<ul>\n<li>one</li><li>two</li>\n</ul>", "one two"],
    ["table cells", "<table><tr><td>a</td><td>b</td></tr></table>", "a b"],
    [
      "entities decoded",
      "<p>Tom &amp; Jerry &lt;3 &quot;x&quot; &#39;y&#x27;</p>",
      "Tom & Jerry <3 \"x\" 'y'",
    ],
    [
      "unknown or invalid entities kept",
      "&bogus; &#0; &#xD800;",
      "&bogus; &#0; &#xD800;",
    ],
    [
      "image alt text kept",
      '<p>See <img src="/media/a.svg" alt="A padlocked gate" loading="lazy" /> here</p>',
      "See A padlocked gate here",
    ],
    [
      "links keep their text only",
      '<a href="https://example.org/x" rel="noopener">the form</a>',
      "the form",
    ],
    ["match markers removed", "<p>a\uE000b\uE001c</p>", "abc"],
  ])("%s", (_label, html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it("reads what the post renderer writes", () => {
    const html = renderPostMarkdown(
      "## Tom & Jerry's\n\n- one\n- two\n\n```\nif (a < b) {}\n```\n\n[link](https://e.org)",
    );
    expect(htmlToText(html)).toBe("Tom & Jerry's one two if (a < b) {} link");
  });

  it("reads what the comment renderer writes, typed HTML as text", () => {
    const html = renderCommentMarkdown('Use <script>x</script> & "this"\nnext');
    expect(htmlToText(html)).toBe('Use <script>x</script> & "this" next');
  });
});

describe("searching posts", () => {
  it("finds a word in the title, summary, body, tags or area", () => {
    expect(hrefs(search("engrave"))).toEqual(["/posts/bike-marking-day"]);
    expect(hrefs(search("ownership"))).toEqual(["/posts/bike-marking-day"]);
    expect(hrefs(search("events"))).toEqual(["/posts/bike-marking-day"]);
    expect(hrefs(search("station quarter"))).toEqual([
      "/posts/bike-marking-day",
    ]);
    expect(hrefs(search("anchor"))).toEqual(["/posts/shed-security"]);
  });

  it("matches words by their start, any case or accent", () => {
    expect(hrefs(search("ENGRAV"))).toEqual(["/posts/bike-marking-day"]);
    expect(hrefs(search("énġrave"))).toEqual(["/posts/bike-marking-day"]);
  });

  it("finds the singular from the plural, and the plural from the singular", () => {
    // The shed post says "bike" only; "bikes" must find it, as "bike" does.
    expect(hrefs(search("anchor bikes"))).toEqual(["/posts/shed-security"]);
    expect(hrefs(search("anchors"))).toEqual(["/posts/shed-security"]);
    // The control: the word itself still finds it.
    expect(hrefs(search("anchor"))).toEqual(["/posts/shed-security"]);
  });

  it("needs every word", () => {
    expect(hrefs(search("bike anchor"))).toEqual(["/posts/shed-security"]);
    expect(search("bike nonsenseword").total).toBe(0);
  });

  it("ranks a title match above a body match", () => {
    const found = search("bike");
    expect(hrefs(found)).toEqual([
      "/posts/bike-marking-day",
      "/posts/shed-security",
    ]);
  });

  it("marks the matches in the title and a snippet", () => {
    const [title, body] = search("bike").results;
    expect(title).toMatchObject({
      kind: "post",
      title: "Bike marking day at the station",
      titleHtml: "<mark>Bike</mark> marking day at the station",
      date: "2026-05-01",
      area: "Station Quarter",
      areaSlug: "station-quarter",
      commentNumber: null,
    });
    // Matched only in the title: the summary stands in as the snippet.
    expect(title!.snippetHtml).toBe(
      "Bring your frame number and proof of ownership.",
    );
    expect(body!.snippetHtml).toContain("Keep your <mark>bike</mark> chained");
    expect(body!.titleHtml).toBe("Shed security for the summer");
  });

  it("escapes indexed text and indexes no markup", () => {
    const [found] = search("jerry").results;
    expect(found!.titleHtml).toBe(
      "Tom &amp; <mark>Jerry</mark> &lt;3 the garden",
    );
    const [claim] = search("claim").results;
    expect(claim!.snippetHtml).toBe(
      "A bold <mark>claim</mark>: 5 &lt; 6 &amp; &quot;quotes&quot; stay. A padlocked gate Street Kits Elm Road 40",
    );
    // Tag and attribute names are not words of any post.
    for (const word of [
      "strong",
      "href",
      "img",
      "src",
      "loading",
      "td",
      "media",
    ]) {
      expect(search(word).total, word).toBe(0);
    }
    expect(hrefs(search("padlocked"))).toEqual(["/posts/markup"]);
  });

  it("filters by tag and by area", () => {
    expect(hrefs(search("bike", { tagSlug: "bikes" }))).toEqual([
      "/posts/bike-marking-day",
    ]);
    expect(hrefs(search("bike", { areaSlug: "south-vale" }))).toEqual([
      "/posts/shed-security",
    ]);
    expect(
      search("bike", { tagSlug: "bikes", areaSlug: "south-vale" }).total,
    ).toBe(0);
    expect(search("bike", { tagSlug: "no-such-tag" }).total).toBe(0);
  });
});

describe("how a search reads the tables", () => {
  // Each match is joined to its own post by the post's key. Read the other way round (every
  // published post for each match), a common word took seconds on a board of 1,000 posts.
  it.each([
    ["one word", "bike", {}],
    ["two words", "shed padlock", {}],
    ["a tag", "bike", { tagSlug: "bikes" }],
    ["an area", "bike", { areaSlug: "south-vale" }],
  ] as const)("finds each match's post by its key: %s", (_, text, filters) => {
    const query = parseSearchQuery(text);
    if (query.kind !== "terms") throw new Error(`${text} is not a search`);
    const plan = searchPlan(query.match, filters, new Date());
    const steps = (table: string) =>
      plan.filter((step) =>
        new RegExp(`^(SCAN|SEARCH) ${table}\\b`).test(step),
      );
    expect(plan[0]).toMatch(/^SCAN search_fts VIRTUAL TABLE/);
    expect(steps("d")).toEqual([
      expect.stringMatching(/^SEARCH d .*\(id=\?\)/),
    ]);
    expect(steps("p")).toEqual([
      expect.stringMatching(/^SEARCH p USING INTEGER PRIMARY KEY/),
    ]);
    // The match comes first, then its document, then the post.
    expect(plan.indexOf(steps("d")[0]!)).toBeLessThan(
      plan.indexOf(steps("p")[0]!),
    );
  });
});

describe("pagination", () => {
  beforeAll(() => {
    for (let index = 1; index <= 12; index += 1) {
      site.writeContent(
        `posts/scam-${index}.md`,
        postFile(
          {
            title: `"Scam warning ${index}"`,
            date: `2026-01-${String(index).padStart(2, "0")}`,
            tags: "[scams]",
          },
          "Never give your PIN to a caller.",
        ),
      );
    }
    sync();
  });

  it("splits the results into pages, each result once", () => {
    const pages = [1, 2, 3].map((page) =>
      search("scam", {}, { page, perPage: 5 }),
    );
    expect(pages.map((found) => found.total)).toEqual([12, 12, 12]);
    expect(pages.map((found) => found.results.length)).toEqual([5, 5, 2]);
    const all = pages.flatMap(hrefs);
    expect(new Set(all).size).toBe(12);
    // Equal ranks: newest first.
    expect(all[0]).toBe("/posts/scam-12");
    expect(all[11]).toBe("/posts/scam-1");
    expect(search("scam", {}, { page: 4, perPage: 5 }).results).toEqual([]);
  });
});

describe("keeping the index in step with content", () => {
  it("follows an edited post", () => {
    site.writeContent(
      "posts/edited.md",
      postFile(
        { title: '"Ladders left out"', tags: "[ladders]" },
        "Old words.",
      ),
    );
    sync();
    expect(hrefs(search("ladders"))).toEqual(["/posts/edited"]);
    site.writeContent(
      "posts/edited.md",
      postFile({ title: '"Wheelie bins"', tags: "[bins]" }, "New words."),
    );
    sync();
    expect(search("ladders").total).toBe(0);
    expect(search("old").total).toBe(0);
    expect(hrefs(search("wheelie"))).toEqual(["/posts/edited"]);
    expect(hrefs(search("bins"))).toEqual(["/posts/edited"]);
  });

  it("never finds an unpublished post, and finds it again when its file is back", () => {
    site.writeContent(
      "posts/comes-and-goes.md",
      postFile({ title: '"Trellis theft"' }),
    );
    sync();
    expect(hrefs(search("trellis"))).toEqual(["/posts/comes-and-goes"]);
    site.removeContent("posts/comes-and-goes.md");
    expect(sync().unpublished).toEqual(["posts/comes-and-goes.md"]);
    expect(search("trellis").total).toBe(0);
    site.writeContent(
      "posts/comes-and-goes.md",
      postFile({ title: '"Trellis theft"' }),
    );
    sync();
    expect(hrefs(search("trellis"))).toEqual(["/posts/comes-and-goes"]);
  });

  it("follows any write to the tables, not only the sync's", () => {
    const id = site
      .db()
      .select({ id: posts.id })
      .from(posts)
      .where(eq(posts.slug, "shed-security"))
      .get()!.id;
    site
      .db()
      .update(posts)
      .set({ bodyHtml: "<p>Mind the hedgehogs.</p>" })
      .where(eq(posts.id, id))
      .run();
    expect(hrefs(search("hedgehogs"))).toEqual(["/posts/shed-security"]);
    expect(search("anchor").total).toBe(0);
    site.removeContent("posts/shed-security.md");
    sync();
    expect(search("hedgehogs").total).toBe(0);
  });

  it("refreshes only what changed, and a rebuild gives the same results", () => {
    refreshSearchIndex(site.db());
    expect(queued()).toBe(0);
    expect(refreshSearchIndex(site.db())).toBe(0);
    site.writeContent(
      "posts/one-more.md",
      postFile({ title: '"Gate latches"' }),
    );
    sync();
    expect(queued()).toBeGreaterThan(0);
    expect(refreshSearchIndex(site.db())).toBe(1);
    expect(queued()).toBe(0);

    const QUERIES = ["bike", "scam", "gate", "hedgehogs", "latches"];
    const snapshot = () => QUERIES.map((text) => hrefs(search(text)));
    const documents = () =>
      site
        .db()
        .get<{ n: number }>(sql`select count(*) as n from search_documents`)!.n;
    const before = { documents: documents(), results: snapshot() };
    expect(before.results.flat()).toContain("/posts/one-more");
    expect(rebuildSearchIndex(site.db())).toBeGreaterThan(0);
    expect({ documents: documents(), results: snapshot() }).toEqual(before);
  });
});

describe("searching comments", () => {
  beforeAll(() => {
    site.writeContent(
      "posts/talk.md",
      postFile(
        {
          title: '"Let us talk about gates"',
          tags: "[gates]",
          area: "West End",
        },
        "Gates and fences.",
      ),
    );
    sync();
  });

  it("finds a published comment, linked to its place in the discussion", async () => {
    await comment("talk", "The **hardware** shop sells a hasp & staple <kit>.");
    const found = search("hasp");
    expect(found.results).toEqual([
      {
        kind: "comment",
        href: "/posts/talk/comments/1",
        title: "Let us talk about gates",
        titleHtml: "Let us talk about gates",
        snippetHtml:
          "The hardware shop sells a <mark>hasp</mark> &amp; staple &lt;kit&gt;.",
        date: "2026-03-14",
        area: "West End",
        areaSlug: "west-end",
        commentNumber: 1,
      },
    ]);
    // A comment is found by its own words, not by its post's title, tags or area.
    expect(hrefs(search("talk"))).toEqual(["/posts/talk"]);
  });

  it("filters comments by their post's tag and area", async () => {
    await comment("talk", "Rotary clothesline thieves again");
    expect(search("clothesline", { tagSlug: "gates" }).total).toBe(1);
    expect(search("clothesline", { areaSlug: "west-end" }).total).toBe(1);
    expect(search("clothesline", { tagSlug: "bikes" }).total).toBe(0);
    expect(search("clothesline", { areaSlug: "south-vale" }).total).toBe(0);
  });

  it("never finds a pending comment", async () => {
    const id = await comment("talk", "Pending words about marmalade", {
      approve: false,
    });
    expect(search("marmalade").total).toBe(0);
    expect(approveComment(id, MODERATOR, new Date())).toBe(true);
    expect(search("marmalade").total).toBe(1);
  });

  it("forgets a removed comment and finds it again when restored", async () => {
    const id = await comment("talk", "Words about wisteria");
    expect(search("wisteria").total).toBe(1);
    expect(moderateComments([id], "remove", MODERATOR, null, new Date())).toBe(
      1,
    );
    expect(search("wisteria").total).toBe(0);
    expect(moderateComments([id], "restore", MODERATOR, null, new Date())).toBe(
      1,
    );
    expect(search("wisteria").total).toBe(1);
    expect(moderateComments([id], "spam", MODERATOR, null, new Date())).toBe(1);
    expect(search("wisteria").total).toBe(0);
  });

  it("never finds the comments of an unpublished post", async () => {
    site.writeContent(
      "posts/short-lived.md",
      postFile({ title: '"Short lived"' }),
    );
    sync();
    await comment("short-lived", "Comment about begonias");
    expect(search("begonias").total).toBe(1);
    site.removeContent("posts/short-lived.md");
    sync();
    expect(search("begonias").total).toBe(0);
  });
});

describe("whatever is typed", () => {
  const NASTY = [
    '"',
    '"bike',
    "bike*",
    "*",
    "^bike",
    "title:bike",
    "body:",
    "(bike",
    "bike)",
    "bike OR",
    "AND",
    "OR NOT",
    "NOT bike",
    "NEAR(bike shed)",
    "NEAR/2",
    "-bike",
    "bike -shed",
    "+bike",
    "{title}: bike",
    "bike\\",
    "'; drop table posts; --",
    "the",
    "the and of to a",
    "a",
    "%",
    "_",
    "\u0000",
    "\uE000bike\uE001",
    "🚲",
    "x".repeat(10_000),
  ];

  it.each(NASTY)("%j gives results or nothing, never an error", (text) => {
    const found = search(text);
    expect(found.total).toBeGreaterThanOrEqual(0);
    expect(found.results.length).toBeLessThanOrEqual(found.total);
  });

  it("searches FTS keywords and syntax as plain words", () => {
    site.writeContent(
      "posts/drill.md",
      postFile({ title: '"Not a drill: near misses at the crossing"' }),
    );
    sync();
    expect(hrefs(search("NOT"))).toEqual(["/posts/drill"]);
    expect(hrefs(search("OR NOT"))).toEqual(["/posts/drill"]);
    expect(hrefs(search("NEAR(misses crossing)"))).toEqual(["/posts/drill"]);
    expect(hrefs(search('"bike'))).toContain("/posts/bike-marking-day");
    expect(hrefs(search("-bike"))).toContain("/posts/bike-marking-day");
    expect(hrefs(search("title:drill"))).toEqual([]);
    expect(search("the").total).toBeGreaterThan(0);
  });
});
