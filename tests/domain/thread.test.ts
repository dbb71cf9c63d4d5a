import { describe, expect, it } from "vitest";
import {
  buildThread,
  commentPath,
  discussionPage,
  discussionQuery,
  mapThread,
  findInDiscussion,
  commentAnchor,
  commentsOf,
  type ThreadItem,
  type ThreadNode,
} from "~/domain/thread";

type Row = ThreadItem & { body: string };

/** A published comment, or a removed one when `placeholder` is true. */
function row(
  id: number,
  parentId: number | null = null,
  placeholder = false,
): Row {
  return {
    id,
    parentId,
    placeholder,
    body: placeholder ? "" : `comment ${id}`,
  };
}

/** A removed comment that keeps its place. */
function removed(id: number, parentId: number | null = null): Row {
  return row(id, parentId, true);
}

type Shape = {
  id: number;
  depth: number;
  replyCount: number;
  replies: Shape[];
};

/** The expected drawing of one comment: id, depth, replyCount, then its replies. */
function n(
  id: number,
  depth: number,
  replyCount: number,
  ...replies: Shape[]
): Shape {
  return { id, depth, replyCount, replies };
}

function shape(nodes: ThreadNode<Row>[]): Shape[] {
  return nodes.map((node) => ({
    id: node.comment.id,
    depth: node.depth,
    replyCount: node.replyCount,
    replies: shape(node.replies),
  }));
}

describe("buildThread", () => {
  it.each<[string, Row[], number, Shape[]]>([
    ["no comments", [], 5, []],
    [
      "a removed comment whose reply is drawn beside it at the cap",
      [row(1), row(2, 1), removed(3, 2), row(4, 3)],
      2,
      [n(1, 0, 3, n(2, 1, 2, n(3, 2, 0), n(4, 2, 0)))],
    ],
    [
      "flat comments, in publishing order",
      [row(1), row(2), row(3)],
      5,
      [n(1, 0, 0), n(2, 0, 0), n(3, 0, 0)],
    ],
    [
      "nested replies",
      [row(1), row(2, 1), row(3, 2), row(4, 1), row(5), row(6, 5)],
      5,
      [n(1, 0, 3, n(2, 1, 1, n(3, 2, 0)), n(4, 1, 0)), n(5, 0, 1, n(6, 1, 0))],
    ],
    [
      "replies interleaved across threads keep publishing order within each",
      [row(1), row(2), row(3, 1), row(4, 2), row(5, 1), row(6, 2), row(7, 3)],
      5,
      [
        n(1, 0, 3, n(3, 1, 1, n(7, 2, 0)), n(5, 1, 0)),
        n(2, 0, 2, n(4, 1, 0), n(6, 1, 0)),
      ],
    ],
    [
      "a chain as deep as maxDepth is drawn in full",
      [row(1), row(2, 1), row(3, 2)],
      2,
      [n(1, 0, 2, n(2, 1, 1, n(3, 2, 0)))],
    ],
    [
      "a chain of 5 at maxDepth 2 is drawn at depths 0, 1, 2, 2, 2",
      [row(1), row(2, 1), row(3, 2), row(4, 3), row(5, 4)],
      2,
      [n(1, 0, 4, n(2, 1, 3, n(3, 2, 0), n(4, 2, 0), n(5, 2, 0)))],
    ],
    [
      "capped replies from several branches are siblings in publishing order",
      [
        row(1),
        row(2, 1),
        row(3, 2),
        row(4, 3),
        row(5, 2),
        row(6, 3),
        row(7, 4),
      ],
      2,
      [
        n(
          1,
          0,
          6,
          n(
            2,
            1,
            5,
            n(3, 2, 0),
            n(4, 2, 0),
            n(5, 2, 0),
            n(6, 2, 0),
            n(7, 2, 0),
          ),
        ),
      ],
    ],
    [
      "at maxDepth 1 every reply in a thread is drawn at depth 1",
      [row(1), row(2, 1), row(3, 2), row(4, 3), row(5, 1)],
      1,
      [n(1, 0, 4, n(2, 1, 0), n(3, 1, 0), n(4, 1, 0), n(5, 1, 0))],
    ],
    [
      "a chain of 8 at maxDepth 5",
      [1, 2, 3, 4, 5, 6, 7, 8].map((id) => row(id, id === 1 ? null : id - 1)),
      5,
      [
        n(
          1,
          0,
          7,
          n(
            2,
            1,
            6,
            n(
              3,
              2,
              5,
              n(4, 3, 4, n(5, 4, 3, n(6, 5, 0), n(7, 5, 0), n(8, 5, 0))),
            ),
          ),
        ),
      ],
    ],
    [
      "a reply whose parent is absent becomes a root, with its own replies",
      [row(1), row(3, 2), row(4, 3), row(5, 1)],
      5,
      [n(1, 0, 1, n(5, 1, 0)), n(3, 0, 1, n(4, 1, 0))],
    ],
    [
      "an orphan deep in a capped chain starts again at depth 0",
      [row(1), row(2, 1), row(3, 2), row(10, 9), row(11, 10), row(12, 11)],
      2,
      [
        n(1, 0, 2, n(2, 1, 1, n(3, 2, 0))),
        n(10, 0, 2, n(11, 1, 1, n(12, 2, 0))),
      ],
    ],
    [
      "a removed comment with replies keeps its place",
      [removed(1), row(2, 1), row(3, 2)],
      5,
      [n(1, 0, 2, n(2, 1, 1, n(3, 2, 0)))],
    ],
    [
      "a removed reply with replies keeps its place",
      [row(1), removed(2, 1), row(3, 2), row(4, 1)],
      5,
      [n(1, 0, 3, n(2, 1, 1, n(3, 2, 0)), n(4, 1, 0))],
    ],
    [
      "a removed comment without replies is dropped",
      [row(1), removed(2), row(3)],
      5,
      [n(1, 0, 0), n(3, 0, 0)],
    ],
    [
      "a removed reply without replies is dropped and not counted",
      [row(1), removed(2, 1), row(3, 1)],
      5,
      [n(1, 0, 1, n(3, 1, 0))],
    ],
    [
      "a removed comment whose only replies are removed is dropped",
      [removed(1), removed(2, 1), removed(3, 2), row(4)],
      5,
      [n(4, 0, 0)],
    ],
    [
      "removed replies under a live comment are dropped at every level",
      [row(1), removed(2, 1), removed(3, 2), removed(4, 1)],
      5,
      [n(1, 0, 0)],
    ],
    [
      "a chain of removed comments ending in a live reply is kept whole",
      [removed(1), removed(2, 1), removed(3, 2), row(4, 3)],
      5,
      [n(1, 0, 3, n(2, 1, 2, n(3, 2, 1, n(4, 3, 0))))],
    ],
    [
      "a removed comment whose replies are absent (held) is dropped",
      [removed(1), row(3, 2)],
      5,
      [n(3, 0, 0)],
    ],
  ])("%s", (_label, comments, maxDepth, expected) => {
    expect(shape(buildThread(comments, maxDepth))).toEqual(expected);
  });

  it("hands back the rows it was given", () => {
    const comments = [row(1), row(2, 1)];
    const [root] = buildThread(comments, 5);
    expect(root?.comment).toBe(comments[0]);
    expect(root?.replies[0]?.comment).toBe(comments[1]);
    expect(root?.replies[0]?.comment.body).toBe("comment 2");
  });

  it("does not change its input", () => {
    const comments = [row(1), removed(2, 1), row(3, 2), removed(4)];
    const copy = structuredClone(comments);
    buildThread(comments, 1);
    expect(comments).toEqual(copy);
  });
});

describe("commentsOf", () => {
  it.each([
    ["no discussion", [], []],
    ["one comment", [row(1)], [1]],
    ["two discussions", [row(1), row(2)], [1, 2]],
    [
      "each comment before its replies, a reply's replies before its sibling",
      [row(1), row(2, 1), row(3, 2), row(4, 1), row(5), row(6, 5)],
      [1, 2, 3, 4, 5, 6],
    ],
    [
      "a reply written before an earlier comment's reply",
      [row(1), row(2), row(3, 2), row(4, 1)],
      [1, 4, 2, 3],
    ],
  ])("%s", (_label, comments, ids) => {
    const nodes = buildThread(comments, 5);
    expect(commentsOf(nodes).map((comment) => comment.id)).toEqual(ids);
    // Twice, as a page asks more than once: nothing is kept from the first.
    expect(commentsOf(nodes).map((comment) => comment.id)).toEqual(ids);
  });
});

describe("buildThread on 2,000 comments", () => {
  const MAX_DEPTH = 5;

  /** A deterministic mix of threads, long chains, orphans and removed comments. */
  function generate(count: number): Row[] {
    let seed = 12345;
    const random = (bound: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % bound;
    };
    const depthOf = new Map<number, number>();
    const rows: Row[] = [];
    for (let id = 1; id <= count; id += 1) {
      const roll = random(100);
      let parentId: number | null;
      if (id === 1 || roll < 8) parentId = null;
      else if (roll < 12)
        parentId = 100_000 + id; // a held or rejected parent
      else parentId = id - 1 - random(Math.min(id - 1, roll < 60 ? 3 : 40));
      const parentDepth = parentId === null ? undefined : depthOf.get(parentId);
      const depth = parentDepth === undefined ? 0 : parentDepth + 1;
      depthOf.set(id, depth);
      // Removed comments only where they are drawn at their own depth, so that their replies
      // nest under them.
      const placeholder = depth < MAX_DEPTH && random(100) < 15;
      rows.push(row(id, parentId, placeholder));
    }
    return rows;
  }

  const comments = generate(2000);

  /** What the drawing must show, worked out from the data a different way: recursively. */
  function expectations(rows: Row[]) {
    const ids = new Set(rows.map((r) => r.id));
    const children = new Map<number | null, Row[]>();
    for (const r of rows) {
      const parent =
        r.parentId !== null && ids.has(r.parentId) ? r.parentId : null;
      children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const visibleBelow = new Map<number, number>();
    const depth = new Map<number, number>();
    const visible = new Set<number>();
    const visit = (r: Row, d: number): number => {
      depth.set(r.id, d);
      let below = 0;
      for (const child of children.get(r.id) ?? [])
        below += visit(child, d + 1);
      visibleBelow.set(r.id, below);
      const shown = !r.placeholder || below > 0;
      if (shown) visible.add(r.id);
      return below + (shown ? 1 : 0);
    };
    const roots = children.get(null) ?? [];
    for (const root of roots) visit(root, 0);
    return { roots, visibleBelow, depth, visible };
  }

  it("draws every visible comment exactly once, with the right depth and reply count", () => {
    const thread = buildThread(comments, MAX_DEPTH);
    const expected = expectations(comments);

    const drawn: ThreadNode<Row>[] = [];
    const walk = (nodes: ThreadNode<Row>[], parentDepth: number) => {
      for (const node of nodes) {
        drawn.push(node);
        expect(node.depth).toBe(Math.min(parentDepth + 1, MAX_DEPTH));
        walk(node.replies, node.depth);
      }
      const ids = nodes.map((node) => node.comment.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    };
    walk(thread, -1);

    const drawnIds = drawn.map((node) => node.comment.id);
    expect(new Set(drawnIds).size).toBe(drawnIds.length);
    expect([...drawnIds].sort((a, b) => a - b)).toEqual(
      [...expected.visible].sort((a, b) => a - b),
    );
    for (const node of drawn) {
      const id = node.comment.id;
      const dataDepth = expected.depth.get(id)!;
      expect(node.depth).toBe(Math.min(dataDepth, MAX_DEPTH));
      // A comment drawn at the cap has its replies beside it, so nothing is counted under it.
      expect(node.replyCount).toBe(
        node.depth === MAX_DEPTH ? 0 : expected.visibleBelow.get(id),
      );
      if (node.comment.placeholder)
        expect(node.replies.length).toBeGreaterThan(0);
    }
    expect(thread.map((node) => node.comment.id)).toEqual(
      expected.roots.filter((r) => expected.visible.has(r.id)).map((r) => r.id),
    );
    expect(thread.reduce((sum, node) => sum + 1 + node.replyCount, 0)).toBe(
      expected.visible.size,
    );
  });

  it("exercises the cases it is meant to", () => {
    const expected = expectations(comments);
    const depths = [...expected.depth.values()];
    expect(Math.max(...depths)).toBeGreaterThan(MAX_DEPTH + 5);
    expect(comments.filter((r) => r.placeholder).length).toBeGreaterThan(100);
    expect(
      comments.filter((r) => r.placeholder && !expected.visible.has(r.id))
        .length,
    ).toBeGreaterThan(10);
    expect(
      comments.filter((r) => r.placeholder && expected.visible.has(r.id))
        .length,
    ).toBeGreaterThan(10);
    expect(
      comments.filter((r) => r.parentId !== null && r.parentId > 100_000)
        .length,
    ).toBeGreaterThan(10);
  });

  it("draws a single chain of 2,000 replies at the cap", () => {
    const chain = Array.from({ length: 2000 }, (_, index) =>
      row(index + 1, index === 0 ? null : index),
    );
    const [root, ...others] = buildThread(chain, 3);
    expect(others).toEqual([]);
    expect(root?.replyCount).toBe(1999);
    const second = root?.replies[0];
    expect(second?.replyCount).toBe(1998);
    const third = second?.replies[0];
    expect(third?.depth).toBe(2);
    expect(third?.replyCount).toBe(1997);
    expect(third?.replies.map((node) => node.comment.id)).toEqual(
      Array.from({ length: 1997 }, (_, index) => index + 4),
    );
    expect(third?.replies.every((node) => node.depth === 3)).toBe(true);
  });
});

describe("pages of a discussion", () => {
  // Seven discussions: 1 (with replies 2 and 3 below 2), 4, 5, 6, 7 (with reply 8), 9, 10.
  const discussions = buildThread(
    [
      row(1),
      row(2, 1),
      row(3, 2),
      row(4),
      row(5),
      row(6),
      row(7),
      row(8, 7),
      row(9),
      row(10),
    ],
    5,
  );
  const ids = (nodes: ThreadNode<Row>[]) =>
    nodes.map((node) => node.comment.id);

  it.each<[number, number, number[]]>([
    [1, 3, [1, 4, 5]],
    [2, 3, [6, 7, 9]],
    [3, 3, [10]],
    [4, 3, []],
    [1, 50, [1, 4, 5, 6, 7, 9, 10]],
  ])("page %i of %i discussions a page", (page, perPage, expected) => {
    expect(ids(discussionPage(discussions, page, perPage))).toEqual(expected);
  });

  it("keeps every reply with its discussion", () => {
    const [first] = discussionPage(discussions, 1, 3);
    expect(first!.replyCount).toBe(2);
    expect(first!.replies[0]!.replies[0]!.comment.id).toBe(3);
  });

  it.each<[string, (comment: Row) => boolean, number, number | null]>([
    ["a top-level comment", (comment) => comment.id === 4, 3, 1],
    ["a reply two levels down", (comment) => comment.id === 3, 3, 1],
    ["a reply on page 2", (comment) => comment.id === 8, 3, 2],
    ["the last discussion", (comment) => comment.id === 10, 3, 3],
    ["everything on one page", (comment) => comment.id === 10, 50, 1],
    ["a comment not in the thread", (comment) => comment.id === 99, 3, null],
  ])("finds the page of %s", (_, matches, perPage, page) => {
    const found = findInDiscussion(discussions, matches, perPage);
    expect(found?.page ?? null).toBe(page);
    if (found) expect(matches(found.comment)).toBe(true);
  });

  it("finds the first comment that matches, in the order of the page", () => {
    const found = findInDiscussion(discussions, (comment) => comment.id > 2, 3);
    expect(found).toEqual({
      comment: expect.objectContaining({ id: 3 }),
      page: 1,
    });
  });

  it("maps every comment of the tree, keeping its shape", () => {
    const mapped = mapThread(discussionPage(discussions, 1, 3), (comment) => ({
      ...comment,
      body: comment.body.toUpperCase(),
    }));
    expect(mapped[0]!.replies[0]!.replies[0]!.comment.body).toBe("COMMENT 3");
    expect(mapped.map((node) => node.replyCount)).toEqual([2, 0, 0]);
  });
});

describe("addresses in a discussion", () => {
  it.each<[number, number | null, string]>([
    [12, 4, "comment-4"],
    [12, null, "pending-12"],
  ])("anchors comment %i numbered %s at #%s", (id, number, anchor) => {
    expect(commentAnchor({ id, number })).toBe(anchor);
  });

  it.each<[number, Record<string, number>, string]>([
    [1, {}, ""],
    [2, {}, "?page=2"],
    [1, { replyTo: 5 }, "?replyTo=5"],
    [3, { report: 7 }, "?page=3&report=7"],
  ])("page %i with %j", (page, more, query) => {
    expect(discussionQuery(page, more)).toBe(query);
  });

  it("gives a comment a lasting address by post and number", () => {
    expect(commentPath("shed-security", 12)).toBe(
      "/posts/shed-security/comments/12",
    );
  });
});

describe("context when nesting flattens", () => {
  /** Each comment's id with the comment it is drawn as replying to, where nesting stopped. */
  const repliesToOf = (nodes: ThreadNode<Row>[]): [number, number | null][] =>
    nodes.flatMap((node) => [
      [node.comment.id, node.repliesTo] as [number, number | null],
      ...repliesToOf(node.replies),
    ]);

  it.each<[string, Row[], number, [number, number | null][]]>([
    [
      "nothing to say while replies nest under what they answer",
      [row(1), row(2, 1), row(3, 2)],
      5,
      [
        [1, null],
        [2, null],
        [3, null],
      ],
    ],
    [
      "a chain past maxDepth 2 names the comment each flattened reply answers",
      [row(1), row(2, 1), row(3, 2), row(4, 3), row(5, 4)],
      2,
      [
        [1, null],
        [2, null],
        [3, null],
        [4, 3],
        [5, 4],
      ],
    ],
    [
      "two answers to the deepest comment both name it",
      [row(1), row(2, 1), row(3, 2), row(4, 2)],
      1,
      [
        [1, null],
        [2, null],
        [3, 2],
        [4, 2],
      ],
    ],
    [
      "a reply whose parent is not shown starts its own thread, answering nothing shown",
      [row(1), row(3, 2)],
      1,
      [
        [1, null],
        [3, null],
      ],
    ],
  ])("%s", (_label, comments, maxDepth, expected) => {
    expect(repliesToOf(buildThread(comments, maxDepth))).toEqual(expected);
  });
});
