import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { comments, posts } from "../../db/schema";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import {
  pendingCommentPath,
  type ThreadItem,
  type ThreadNode,
} from "~/domain/thread";
import { moderateComments } from "~/features/moderation/state-changes.server";
import { savePolicySettings } from "~/features/moderation/policy.server";
import { loader as postLoader, meta as postMeta } from "~/routes/posts.$slug";
import { loader as commentLoader } from "~/routes/posts.$slug.comments.$number";
import { loader as pendingLoader } from "~/routes/posts.$slug.pending.$id";
import { syncContent } from "~/features/posts/content-sync.server";
import {
  commentFields,
  cookieFrom,
  freshAddress,
  postComment,
} from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";
import { loaderArgs as args, thrown, threadIn } from "../helpers/loaders";

const site = useTempSite();

/** Posts a published comment on `slug`, as a reply to the comment numbered `parent` if given. */
async function publish(slug: string, body: string, parent?: number) {
  const posted = await postComment(
    slug,
    commentFields({
      name: "Neighbour",
      body,
      parentId: parent === undefined ? "" : String(idOf(slug, parent)),
    }),
    { address: freshAddress() },
  );
  expect(posted.result.status).toBe("published");
}

function idOf(slug: string, number: number): number {
  return site
    .db()
    .select({ id: comments.id })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(and(eq(posts.slug, slug), eq(comments.number, number)))
    .get()!.id;
}

/** Each node's comment number, with its replies' after a colon: [2, [3]] reads "2: 3". */
type Shape = (number | null | [number | null, Shape])[];
function shapeOf(
  nodes: ThreadNode<ThreadItem & { number: number | null }>[],
): Shape {
  return nodes.map((node) =>
    node.replies.length === 0
      ? node.comment.number
      : [node.comment.number, shapeOf(node.replies)],
  );
}

const viewPage = (slug: string, query = "") =>
  postLoader(args(`/posts/${slug}${query}`, { slug }));

/** Where the lasting address of comment `number` sends the reader. */
function lastingAddress(slug: string, number: string): Response {
  const answer = commentLoader(
    args(`/posts/${slug}/comments/${number}`, { slug, number }),
  );
  expect(answer.status).toBe(302);
  return answer;
}

beforeAll(async () => {
  // The smallest page there is: five discussions.
  site.writeContent("site.yml", "discussionsPerPage: 5\n");
  for (const slug of ["long", "quiet", "removals"]) {
    site.writeContent(`posts/${slug}.md`, postFile({ title: slug }));
  }
  syncContent(site.db(), site.contentDir);
  savePolicySettings(
    { ...DEFAULT_POLICY, anonymous: "publish", named: "publish" },
    new Date(),
  );

  // Seven discussions numbered in publishing order: 1, 2 (answered by 3), 4, 5, 6, 7
  // (answered by 8), 9. Page 1 holds 1 to 6, page 2 holds 7 and 9.
  for (const [number, parent] of [
    [1],
    [2],
    [3, 2],
    [4],
    [5],
    [6],
    [7],
    [8, 7],
    [9],
  ] as const) {
    await publish("long", `Comment ${number} on the long post`, parent);
  }

  // Removed: 2 alone, so it leaves the thread; 3 with a reply (4), so it stays as a placeholder.
  for (const [number, parent] of [[1], [2], [3], [4, 3]] as const) {
    await publish("removals", `Comment ${number} on the removals post`, parent);
  }
  expect(
    moderateComments(
      [idOf("removals", 2), idOf("removals", 3)],
      "remove",
      { name: "test", userId: null },
      null,
      new Date(),
    ),
  ).toBe(2);
});

describe("the order of a discussion, kept in the address", () => {
  it("puts the newest discussions first with ?sort=newest, replies still in the order they came", async () => {
    const first = await viewPage("long", "?sort=newest");
    expect(first).toMatchObject({ page: 1, pageCount: 2, sort: "newest" });
    expect(shapeOf(threadIn(first))).toEqual([9, [7, [8]], 6, 5, 4]);
    const second = await viewPage("long", "?sort=newest&page=2");
    expect(shapeOf(threadIn(second))).toEqual([[2, [3]], 1]);
  });

  it("is oldest first by default, and for an order it does not know", async () => {
    for (const query of ["", "?sort=oldest", "?sort=random", "?sort="]) {
      const page = await viewPage("long", query);
      expect(page.sort, query).toBe("oldest");
      expect(shapeOf(threadIn(page)), query).toEqual([1, [2, [3]], 4, 5, 6]);
    }
  });
});

describe("a post's discussion in pages", () => {
  it("shows the first five discussions, each with its replies, on page 1", async () => {
    const first = await viewPage("long");
    expect(first).toMatchObject({ page: 1, pageCount: 2 });
    expect(shapeOf(threadIn(first))).toEqual([1, [2, [3]], 4, 5, 6]);
    // The heading counts the whole discussion.
    expect(first.post.commentCount).toBe(9);
  });

  it("shows only the later discussions on page 2", async () => {
    const second = await viewPage("long", "?page=2");
    expect(second).toMatchObject({ page: 2, pageCount: 2 });
    expect(shapeOf(threadIn(second))).toEqual([[7, [8]], 9]);
  });

  it("keeps the page with a reply form open", async () => {
    const replying = await viewPage(
      "long",
      `?page=2&replyTo=${idOf("long", 9)}`,
    );
    expect(replying).toMatchObject({
      page: 2,
      replyTo: idOf("long", 9),
    });
    expect(shapeOf(threadIn(replying))).toEqual([[7, [8]], 9]);
  });

  it.each([
    ["with a sign", (id: number) => `+${id}`],
    ["with a space", (id: number) => ` ${id}`],
    ["as a decimal", (id: number) => `${id}.0`],
    ["with an exponent", (id: number) => `${id}e0`],
    ["in hexadecimal", (id: number) => `0x${id.toString(16)}`],
  ])(
    "opens no reply or report form for a comment id written %s",
    async (_form, written) => {
      const id = encodeURIComponent(written(idOf("long", 9)));
      const view = await viewPage("long", `?page=2&replyTo=${id}&report=${id}`);
      expect(view).toMatchObject({ page: 2, replyTo: null, reportOf: null });
    },
  );

  it("names each page of the discussion as its own canonical address", async () => {
    const siteUrl = "https://watch.example";
    const canonicalOf = async (query: string) => {
      const data = await viewPage("long", query);
      const tags = postMeta({
        data,
        matches: [{ id: "root", data: { siteUrl } }],
      } as unknown as Parameters<typeof postMeta>[0]);
      return tags.find((tag) => "rel" in tag && tag.rel === "canonical");
    };
    expect(await canonicalOf("")).toMatchObject({
      href: `${siteUrl}/posts/long`,
    });
    // A reply form open on page 2 is still page 2.
    expect(
      await canonicalOf(`?page=2&replyTo=${idOf("long", 9)}`),
    ).toMatchObject({ href: `${siteUrl}/posts/long?page=2` });
  });

  it("is one page when there are no comments", async () => {
    const quiet = await viewPage("quiet");
    expect(quiet).toMatchObject({ page: 1, pageCount: 1, thread: [] });
  });

  it.each([
    ["long", "?page=0"],
    ["long", "?page=abc"],
    ["long", "?page=1.5"],
    ["long", "?page=-1"],
    ["long", "?page=1e0"],
    ["long", "?page=0x2"],
  ])("answers %s%s with a 404", async (slug, query) => {
    expect((await thrown(() => viewPage(slug, query))).status).toBe(404);
  });

  // A moderator who removes the only discussion of the last page, or a reader whose report takes
  // it down, is sent back to that page: it must still answer.
  it.each([
    ["long", "?page=3", 2],
    ["quiet", "?page=2", 1],
  ])(
    "shows the last page for %s%s, past the end",
    async (slug, query, last) => {
      expect(await viewPage(slug, query)).toMatchObject({
        page: last,
        pageCount: last,
      });
    },
  );
});

describe("a comment's lasting address", () => {
  it.each([
    ["1", "/posts/long#comment-1"],
    ["3", "/posts/long#comment-3"],
    ["6", "/posts/long#comment-6"],
    ["7", "/posts/long?page=2#comment-7"],
    ["8", "/posts/long?page=2#comment-8"],
    ["9", "/posts/long?page=2#comment-9"],
  ])("sends comment %s to %s", (number, location) => {
    expect(lastingAddress("long", number).headers.get("Location")).toBe(
      location,
    );
  });

  it.each([
    ["an unknown comment", "long", "99"],
    ["a removed comment", "removals", "2"],
    ["a removed comment kept for its replies", "removals", "3"],
  ])("sends %s to the start of the discussion", (_case, slug, number) => {
    expect(lastingAddress(slug, number).headers.get("Location")).toBe(
      `/posts/${slug}#comments`,
    );
  });

  it("sends a reply to a removed comment to its place", () => {
    expect(lastingAddress("removals", "4").headers.get("Location")).toBe(
      "/posts/removals#comment-4",
    );
  });

  it.each([
    ["long", "abc"],
    ["long", "0"],
    ["long", "-1"],
    ["long", "1.5"],
    ["long", "seven"],
    ["long", "9e0"],
    ["long", "0x9"],
    ["no-such-post", "1"],
  ])("answers /posts/%s/comments/%s with a 404", async (slug, number) => {
    const response = await thrown(() =>
      commentLoader(
        args(`/posts/${slug}/comments/${number}`, { slug, number }),
      ),
    );
    expect(response.status).toBe(404);
  });
});

describe("a held comment's address, for its poster", () => {
  /** What the held comment's address answers the browser carrying `cookie`. */
  async function heldAddress(id: number, cookie: string | null) {
    const path = pendingCommentPath("long", id);
    const answer = await pendingLoader({
      request: new Request(`http://localhost${path}`, {
        headers: cookie ? { Cookie: cookie } : {},
      }),
      params: { slug: "long", id: String(id) },
      context: { clientAddress: "127.0.0.1" },
    });
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Cache-Control")).toBe("private, no-store");
    return answer.headers.get("Location");
  }

  // Runs last in this file: the comment it approves changes the long post's discussion.
  it("sends its poster to the page that shows it, anyone else to the discussion, and it to its number once approved", async () => {
    savePolicySettings(
      { ...DEFAULT_POLICY, anonymous: "hold", named: "publish" },
      new Date(),
    );
    const posted = await postComment(
      "long",
      commentFields({ body: "A new question, held for now." }),
      { address: freshAddress() },
    );
    expect(posted.result.status).toBe("held");
    const { id } = newestHeldComment();
    expect(posted.result).toMatchObject({ comment: { id, number: null } });
    const cookie = cookieFrom(posted.setCookie);

    // An eighth discussion: the second page, after 7 and 9.
    expect(await heldAddress(id, cookie)).toBe(
      `/posts/long?page=2#pending-${id}`,
    );
    expect(await heldAddress(id, null)).toBe("/posts/long#comments");

    moderateComments(
      [id],
      "approve",
      { name: "test", userId: null },
      null,
      new Date(),
    );
    expect(await heldAddress(id, null)).toBe("/posts/long?page=2#comment-10");
  });

  it.each([
    ["long", "abc"],
    ["long", "0"],
    ["long", "1e1"],
    ["no-such-post", "1"],
  ])("answers /posts/%s/pending/%s with a 404", async (slug, id) => {
    const response = await thrown(() =>
      pendingLoader(args(`/posts/${slug}/pending/${id}`, { slug, id })),
    );
    expect(response.status).toBe(404);
  });
});

function newestHeldComment(): { id: number } {
  return site
    .db()
    .select({ id: comments.id })
    .from(comments)
    .where(eq(comments.state, "pending"))
    .orderBy(desc(comments.id))
    .get()!;
}
