// Every query the pages and the comment form run must find its rows through an index: with
// 100,000 comments a full scan of comments or posts is the difference between 1 ms and 100 ms.
// The test records the SQL each loader and action really prepares, then asks SQLite for the plan.
// It also checks that a page's number of queries does not grow with its number of comments.
import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { savePolicySettings } from "~/features/moderation/policy.server";
import { createBans } from "~/features/moderation/ban.server";
import { reportComment } from "~/features/moderation/reports.server";
import { loader as rootLoader } from "~/root";
import { loader as homeLoader } from "~/routes/_index";
import { loader as archiveLoader } from "~/routes/archive._index";
import { loader as monthLoader } from "~/routes/archive.$year.$month";
import { loader as areaLoader } from "~/routes/areas.$area";
import { loader as feedLoader } from "~/routes/feed[.xml]";
import { loader as deskLoader } from "~/routes/moderation";
import { loader as queueLoader } from "~/routes/moderation._index";
import { loader as bansLoader } from "~/routes/moderation.bans";
import { loader as logLoader } from "~/routes/moderation.log";
import { loader as membersLoader } from "~/routes/moderation.members";
import { loader as reportsLoader } from "~/routes/moderation.reports";
import { loader as postLoader } from "~/routes/posts.$slug";
import { loader as searchLoader } from "~/routes/search";
import { loader as sitemapLoader } from "~/routes/sitemap[.xml]";
import { loader as tagLoader } from "~/routes/tags.$tag";
import { syncContent } from "~/features/posts/content-sync.server";
import { closeDb } from "~/platform/db.server";
import {
  browserRequest,
  makeUser,
  sessionCookieFor,
} from "../helpers/accounts";
import { commentFields, freshAddress, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

const site = useTempSite();
const CONTEXT = { clientAddress: "198.51.100.20" };
const SYSTEM = { name: "system", userId: null };

let moderatorCookie: string;

/** Every SQL statement prepared while `run` runs, in order. */
async function statementsOf(run: () => unknown): Promise<string[]> {
  // On a new connection, so the queries prepared once per connection are prepared, and seen, again.
  closeDb();
  const client = site.db().$client;
  const prepare = client.prepare;
  const seen: string[] = [];
  client.prepare = ((source: string) => {
    seen.push(source);
    return prepare.call(client, source);
  }) as typeof client.prepare;
  try {
    await run();
  } finally {
    client.prepare = prepare;
  }
  return seen;
}

/** The steps of SQLite's plan for a statement. */
function planOf(source: string): string[] {
  const plan = site
    .db()
    .$client.prepare(`EXPLAIN QUERY PLAN ${source}`)
    .all(...placeholders(source)) as { detail: string }[];
  return plan.map((step) => step.detail);
}

/** The steps of SQLite's plan that read a whole table: of comments or posts, or of those given. */
function fullScans(
  source: string,
  tables: readonly string[] = ["comments", "posts"],
): string[] {
  const scan = new RegExp(`^SCAN (?:${tables.join("|")})\\b(?! USING)`);
  return planOf(source).filter((detail) => scan.test(detail));
}

/** Values for a statement's parameters: the plan does not depend on them. */
function placeholders(source: string): null[] {
  return Array.from(source.matchAll(/\?/g), () => null);
}

const get = (path: string, cookie: string | null = null) =>
  browserRequest(path, { cookie });

async function publishComments(slug: string, count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await postComment(
      slug,
      commentFields({ name: "Sam", body: `Comment ${index} on ${slug}` }),
      { address: freshAddress() },
    );
  }
}

beforeAll(async () => {
  site.writeContent(
    "posts/sheds.md",
    postFile({ title: "Sheds", tags: "[burglary]", area: "North Vale" }),
  );
  site.writeContent("posts/bikes.md", postFile({ title: "Bikes" }));
  site.writeContent("posts/quiet.md", postFile({ title: "Quiet" }));
  syncContent(site.db(), site.contentDir);
  savePolicySettings(
    {
      ...DEFAULT_POLICY,
      floodLimit: 1000,
      named: "publish",
      anonymous: "hold",
    },
    new Date(),
  );
  await publishComments("sheds", 3);
  await publishComments("bikes", 30);
  const held = await postComment("sheds", commentFields({ body: "Held one" }), {
    address: freshAddress(),
  });
  expect(held.result.status).toBe("held");
  reportComment(
    {
      commentId: 1,
      reason: "spam",
      note: null,
      reporter: { userId: null, guestKey: "x", addressKey: "x-address" },
    },
    3,
    new Date(),
  );
  createBans(
    [
      {
        kind: "email",
        value: "someone@example.org",
        reason: "Spam",
        expiresAt: null,
        label: "someone",
      },
    ],
    { ...SYSTEM, role: "admin" },
    new Date(),
  );
  const moderator = await makeUser("moderator");
  moderatorCookie = await sessionCookieFor(moderator.id);
});

type Page = { name: string; run: () => unknown };

const readerPages = (): Page[] => [
  {
    name: "root",
    run: () => rootLoader({ request: get("/"), params: {}, context: CONTEXT }),
  },
  {
    name: "home",
    run: () => homeLoader({ request: get("/"), params: {}, context: CONTEXT }),
  },
  {
    name: "post",
    run: () =>
      postLoader({
        request: get("/posts/sheds"),
        params: { slug: "sheds" },
        context: CONTEXT,
      }),
  },
  {
    name: "tag",
    run: () =>
      tagLoader({
        request: get("/tags/burglary"),
        params: { tag: "burglary" },
        context: CONTEXT,
      }),
  },
  {
    name: "area",
    run: () =>
      areaLoader({
        request: get("/areas/north-vale"),
        params: { area: "north-vale" },
        context: CONTEXT,
      }),
  },
  {
    name: "archive",
    run: () => archiveLoader(),
  },
  {
    name: "month",
    run: () =>
      monthLoader({
        request: get("/archive/2026/03"),
        params: { year: "2026", month: "03" },
        context: CONTEXT,
      }),
  },
  {
    name: "search",
    run: () =>
      searchLoader({
        request: get("/search?q=comment"),
        params: {},
        context: CONTEXT,
      }),
  },
  {
    name: "feed",
    run: () => feedLoader(),
  },
  {
    name: "sitemap",
    run: () => sitemapLoader(),
  },
];

const deskPages = (): Page[] =>
  [
    ["desk", deskLoader, "/moderation"],
    ["queue", queueLoader, "/moderation"],
    // Narrowed to one post: the post's title is read by its primary key.
    ["queue of one post", queueLoader, "/moderation?post=1&class=anonymous"],
    ["reports", reportsLoader, "/moderation/reports"],
    ["bans", bansLoader, "/moderation/bans"],
    ["members", membersLoader, "/moderation/members"],
    ["log", logLoader, "/moderation/log"],
  ].map(([name, loader, path]) => ({
    name: name as string,
    run: () =>
      (loader as typeof deskLoader)({
        request: get(path as string, moderatorCookie),
        params: {},
        context: CONTEXT,
      }),
  }));

describe("query plans", () => {
  it.each([
    ...readerPages(),
    ...deskPages(),
    {
      name: "the comment form",
      // A held comment alerts the moderators: found by their role, not among every member.
      tables: ["comments", "posts", "users"],
      run: () =>
        postComment(
          "bikes",
          commentFields({ name: "Jo", body: `A new comment ${Date.now()}` }),
          {
            address: freshAddress(),
          },
        ),
    },
  ] as { name: string; run: () => unknown; tables?: string[] }[])(
    "$name reads no table of comments or posts (or what it names) in full",
    async ({ run, tables }) => {
      const statements = await statementsOf(run);
      expect(statements.length).toBeGreaterThan(0);
      const scans = statements.flatMap((source) =>
        fullScans(source, tables).map(
          (detail) => `${detail}\n    in: ${source}`,
        ),
      );
      expect(scans).toEqual([]);
    },
  );

  it("sees the queries a connection prepares once, however often they ran before", async () => {
    const comment = () =>
      postComment(
        "bikes",
        commentFields({ name: "Jo", body: `Another comment ${Date.now()}` }),
        { address: freshAddress() },
      );
    await comment();
    const statements = await statementsOf(comment);
    expect(statements.some((source) => /from "bans"/.test(source))).toBe(true);
  });

  it("fails on a full scan, so it can catch one", () => {
    expect(fullScans("select * from comments where body_markdown = ?")).toEqual(
      ["SCAN comments"],
    );
  });
});

describe("search", () => {
  it("joins each match to its document and comment through covering indexes, not whole rows", async () => {
    const searchPage = readerPages().find((page) => page.name === "search")!;
    const matching = (await statementsOf(searchPage.run)).filter((source) =>
      /search_fts match/i.test(source),
    );
    const lookups = matching
      .flatMap(planOf)
      .filter((detail) => /^SEARCH (?:c|d) /.test(detail));
    // The count and the page of results, each joining documents and comments.
    expect(lookups).toHaveLength(4);
    for (const lookup of lookups)
      expect(lookup).toContain("USING COVERING INDEX");
  });
});

describe("the moderation log", () => {
  it("lists who has acted by seeking the actor index, never reading the whole log", async () => {
    const logPage = deskPages().find((page) => page.name === "log")!;
    const actors = (await statementsOf(logPage.run)).filter((source) =>
      /with recursive actors/i.test(source),
    );
    expect(actors).toHaveLength(1);
    const plan = planOf(actors[0]!);
    expect(
      plan.filter((detail) => /^SCAN moderation_log\b/.test(detail)),
    ).toEqual([]);
    expect(plan.join("\n")).toContain("moderation_log_actor_idx");
  });
});

describe("queries a page", () => {
  it("does not grow with the number of comments on a post", async () => {
    const postQueries = (slug: string) =>
      statementsOf(() =>
        postLoader({
          request: get(`/posts/${slug}`),
          params: { slug },
          context: CONTEXT,
        }),
      );
    const fewComments = await postQueries("sheds");
    const manyComments = await postQueries("bikes");
    const noComments = await postQueries("quiet");
    expect(manyComments.length).toBe(fewComments.length);
    expect(noComments.length).toBe(fewComments.length);
  });
});
