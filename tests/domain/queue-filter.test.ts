import { describe, expect, it } from "vitest";
import {
  actionFitsFilter,
  describeQueueFilter,
  queueFilterFrom,
  queueHref,
  type QueueFilter,
} from "~/domain/queue-filter";

const HELD: QueueFilter = { state: "pending", posterClass: null, postId: null };

describe("the queue's filter in the desk's words", () => {
  it.each([
    [HELD, 37, null, "37 held comments"],
    [HELD, 1, null, "1 held comment"],
    [
      { state: "pending", posterClass: "anonymous", postId: 4 },
      37,
      "Bike thefts",
      "37 held comments from anonymous posters on “Bike thefts”",
    ],
    [
      { state: "spam", posterClass: "named", postId: 9 },
      2,
      null,
      "2 spam comments from named guests on post 9",
    ],
    [
      { state: "rejected", posterClass: "member", postId: null },
      1,
      null,
      "1 rejected comment from members",
    ],
  ] as const)("%j, %s", (filter, count, title, words) => {
    expect(describeQueueFilter(filter, count, title)).toBe(words);
  });
});

describe("the queue's filter in the address", () => {
  it.each([
    ["", HELD, "/moderation"],
    [
      "state=spam&class=anonymous&post=3",
      { state: "spam", posterClass: "anonymous", postId: 3 },
      "/moderation?state=spam&class=anonymous&post=3",
    ],
    ["state=nonsense&class=robots&post=-1", HELD, "/moderation"],
  ] as const)("%j", (query, filter, href) => {
    const read = queueFilterFrom(new URLSearchParams(query));
    expect(read).toEqual(filter);
    expect(queueHref("/moderation", read)).toBe(href);
  });
});

describe("which decisions fit a filter", () => {
  it.each([
    ["approve", "pending", true],
    ["spam", "pending", true],
    ["restore", "pending", false],
    ["restore", "rejected", true],
    ["approve", "spam", false],
  ] as const)("%s on %s: %s", (action, state, fits) => {
    expect(actionFitsFilter(action, { ...HELD, state })).toBe(fits);
  });
});
