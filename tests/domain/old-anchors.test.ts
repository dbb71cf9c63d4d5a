import { describe, expect, it } from "vitest";
import {
  anchorsToDraw,
  isOwnAnchor,
  oldCommentAnchors,
  oldFragmentsLand,
  ownAnchorShown,
} from "~/domain/old-anchors";

describe("oldCommentAnchors", () => {
  it.each([
    // Blogger, classic export and Takeout alike: "#c<id>".
    ["blogger:tag:blogger.com,1999:blog-777.post-2001", ["c2001"]],
    ["blogger:tag:blogger.com,1999:blog-888.post-14", ["c14"]],
    // WordPress: "#comment-<wp:comment_id>".
    ["wordpress:http://jlueck.wordpress.com#comment-8", ["comment-8"]],
    ["wordpress:https://old.example/blog#comment-1234", ["comment-1234"]],
    // Disqus drew its thread in a frame, a Lookout export keeps its numbers: no old anchors.
    ["disqus:987654", []],
    ["lookout:south-vale:comment-12", []],
    // Posts and anything unexpected have none either.
    ["wordpress:http://old.example#post-17", []],
    ["blogger:tag:blogger.com,1999:blog-777.page-3001", []],
    ["blogger:tag:blogger.com,1999:blog-777.post-", []],
    ["wordpress:http://old.example#comment-<b>", []],
    ["", []],
  ])("%s has %j", (origin, anchors) => {
    expect(oldCommentAnchors(origin)).toEqual(anchors);
  });
});

describe("isOwnAnchor", () => {
  it.each([
    ["comment-12", 12, true],
    ["comment-1", 12, true],
    ["comment-13", 12, false],
    ["comment-0", 12, false],
    ["comment-3", 0, false],
    ["c12", 12, false],
  ])("%s with comments up to %i: %s", (anchor, highest, own) => {
    expect(isOwnAnchor(anchor, highest)).toBe(own);
  });
});

describe("anchorsToDraw", () => {
  it.each([
    [["c2001"], 5, false, ["c2001"]],
    [["comment-120"], 5, false, ["comment-120"]],
    // WordPress's comment 3 would be a second element with Lookout's comment 3's id ...
    [["comment-3"], 5, false, []],
    // ... unless the reader came from an old address: then the old id wins.
    [["comment-3"], 5, true, ["comment-3"]],
    [["c2001"], 5, true, ["c2001"]],
    [[], 5, true, []],
  ])(
    "%j with comments up to %i, old ids first %s, draws %j",
    (anchors, highest, preferOld, drawn) => {
      expect(anchorsToDraw(anchors, highest, preferOld)).toEqual(drawn);
    },
  );
});

describe("ownAnchorShown", () => {
  it.each([
    ["comment-3", [], true],
    ["comment-3", ["comment-30", "c3"], true],
    ["comment-3", ["comment-3"], false],
    ["pending-41", ["comment-41"], true],
  ])("%s beside old anchors %j: %s", (own, drawn, shown) => {
    expect(ownAnchorShown(own, new Set(drawn))).toBe(shown);
  });
});

describe("oldFragmentsLand", () => {
  const blogger = "blogger:tag:blogger.com,1999:blog-777.post-2001";
  const wordpress = (id: number) =>
    `wordpress:https://old.example#comment-${id}`;
  it.each([
    ["a post with no imported comments", [], 3, true],
    ["Blogger's ids never clash", [blogger], 5000, true],
    [
      "WordPress ids above the post's numbers",
      [wordpress(40), wordpress(41)],
      2,
      true,
    ],
    [
      "a WordPress id that is also a number here",
      [wordpress(40), wordpress(2)],
      2,
      false,
    ],
    ["a Disqus thread", ["disqus:1", "disqus:2"], 2, true],
  ])("%s: %s", (_what, origins, highest, land) => {
    expect(oldFragmentsLand(origins, highest)).toBe(land);
  });
});
