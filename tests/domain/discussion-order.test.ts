import { describe, expect, it } from "vitest";
import {
  orderDiscussions,
  orderParams,
  parseDiscussionOrder,
} from "~/domain/discussion-order";

describe("the order a discussion is read in", () => {
  it.each<[string | null, "oldest" | "newest"]>([
    [null, "oldest"],
    ["", "oldest"],
    ["oldest", "oldest"],
    ["newest", "newest"],
    ["NEWEST", "oldest"],
    ["newest ", "oldest"],
    ["random", "oldest"],
  ])("?sort=%j reads %s first", (value, order) => {
    expect(parseDiscussionOrder(value)).toBe(order);
  });

  it("reverses only the list it is given, leaving it as it was", () => {
    const discussions = [
      { n: 1, replies: [2, 3] },
      { n: 4, replies: [] },
    ];
    expect(orderDiscussions(discussions, "newest")).toEqual([
      { n: 4, replies: [] },
      { n: 1, replies: [2, 3] },
    ]);
    expect(orderDiscussions(discussions, "oldest")).toEqual(discussions);
    expect(discussions.map((d) => d.n)).toEqual([1, 4]);
  });

  it("keeps only a non-default order in the address", () => {
    expect(orderParams("oldest")).toEqual({});
    expect(orderParams("newest")).toEqual({ sort: "newest" });
  });
});
