import { followFormSchema } from "~/domain/follow-form";
import { describe, expect, it } from "vitest";
import {
  batchDue,
  followersOfComment,
  isNewPost,
  listedSince,
  waitingSince,
  type CommentForFollowers,
  type FollowCadence,
  type Follower,
} from "~/domain/follow-mail";

const now = new Date("2026-05-01T12:00:00Z");
const minutesAgo = (n: number) => new Date(now.getTime() - n * 60_000);
const hoursAgo = (n: number) => minutesAgo(n * 60);
const daysAgo = (n: number) => hoursAgo(n * 24);

// Comment 10 on post 1 answers comment 5; its author is member 7 with the address key "k-author".
const reply: CommentForFollowers = {
  id: 10,
  postId: 1,
  parentId: 5,
  state: "published",
  userId: 7,
  emailKey: "k-author",
};

function follower(
  id: number,
  over: Partial<Follower> & Pick<Follower, "kind" | "target">,
): Follower {
  return {
    id,
    userId: null,
    addressKey: `k-${id}`,
    confirmed: true,
    ...over,
  };
}

const ids = (list: Follower[]) => list.map((f) => f.id);

describe("who is told about a newly published comment", () => {
  it.each<[string, Follower, "replies" | "discussion" | "nobody"]>([
    [
      "the author of the comment answered",
      follower(1, { kind: "replies", target: "5" }),
      "replies",
    ],
    [
      "a follower of another comment",
      follower(2, { kind: "replies", target: "6" }),
      "nobody",
    ],
    [
      "a follower of the discussion",
      follower(3, { kind: "discussion", target: "1" }),
      "discussion",
    ],
    [
      "a follower of another post's discussion",
      follower(4, { kind: "discussion", target: "2" }),
      "nobody",
    ],
    [
      "the comment's own author, as a member",
      follower(5, { kind: "discussion", target: "1", userId: 7 }),
      "nobody",
    ],
    [
      "the comment's own author, by the address they gave",
      follower(6, { kind: "replies", target: "5", addressKey: "k-author" }),
      "nobody",
    ],
    [
      "a guest whose address is not confirmed yet",
      follower(7, { kind: "discussion", target: "1", confirmed: false }),
      "nobody",
    ],
    [
      "a member whose email is not confirmed yet",
      follower(8, {
        kind: "replies",
        target: "5",
        userId: 3,
        confirmed: false,
      }),
      "nobody",
    ],
    [
      "an area follower (posts, not comments)",
      follower(9, { kind: "area", target: "1" }),
      "nobody",
    ],
  ])("%s: %s", (_, f, told) => {
    const { replies, discussion } = followersOfComment(reply, [f]);
    expect({
      replies: ids(replies),
      discussion: ids(discussion),
    }).toEqual({
      replies: told === "replies" ? [f.id] : [],
      discussion: told === "discussion" ? [f.id] : [],
    });
  });

  it.each(["pending", "rejected", "spam", "removed", "deleted"])(
    "tells nobody about a %s comment",
    (state) => {
      const everyone = [
        follower(1, { kind: "replies", target: "5" }),
        follower(2, { kind: "discussion", target: "1" }),
      ];
      expect(followersOfComment({ ...reply, state }, everyone)).toEqual({
        replies: [],
        discussion: [],
      });
      // The control: the same followers are told once it is published.
      expect(
        ids(followersOfComment(reply, everyone).replies).concat(
          ids(followersOfComment(reply, everyone).discussion),
        ),
      ).toEqual([1, 2]);
    },
  );

  it("tells a top-level comment to the discussion only", () => {
    const topLevel = { ...reply, parentId: null };
    const result = followersOfComment(topLevel, [
      follower(1, { kind: "replies", target: "5" }),
      follower(2, { kind: "discussion", target: "1" }),
    ]);
    expect([ids(result.replies), ids(result.discussion)]).toEqual([[], [2]]);
  });

  it("tells a reader who follows both once, by the reply message", () => {
    const result = followersOfComment(reply, [
      follower(1, { kind: "replies", target: "5", addressKey: "k-same" }),
      follower(2, { kind: "discussion", target: "1", addressKey: "k-same" }),
      follower(3, { kind: "discussion", target: "1" }),
    ]);
    expect([ids(result.replies), ids(result.discussion)]).toEqual([[1], [3]]);
  });

  it("tells one address once when it follows the same thing twice", () => {
    const result = followersOfComment(reply, [
      follower(1, { kind: "discussion", target: "1", addressKey: "k-x" }),
      follower(2, { kind: "discussion", target: "1", addressKey: "k-x" }),
    ]);
    expect(ids(result.discussion)).toEqual([1]);
  });
});

describe("when a batch goes out", () => {
  it.each<[FollowCadence, number | null, number, number, boolean]>([
    // cadence, last sent (minutes ago, null: never), following since (minutes ago), waiting, due
    ["hourly", null, 5, 1, true],
    ["hourly", null, 5, 0, false],
    ["hourly", 59, 600, 3, false],
    ["hourly", 60, 600, 3, true],
    ["hourly", 61, 600, 0, false],
    ["immediate", 1, 600, 1, true],
    ["immediate", 1, 600, 0, false],
    ["weekly", null, 60 * 24 * 7 - 1, 2, false],
    ["weekly", null, 60 * 24 * 7, 2, true],
    ["weekly", 60 * 24 * 6, 60 * 24 * 30, 2, false],
    ["weekly", 60 * 24 * 7, 60 * 24 * 30, 2, true],
    ["weekly", 60 * 24 * 8, 60 * 24 * 30, 0, false],
  ])(
    "%s, last sent %s min ago, following for %s min, %s waiting: %s",
    (cadence, last, since, waiting, due) => {
      expect(
        batchDue({
          cadence,
          lastSentAt: last === null ? null : minutesAgo(last),
          followingSince: minutesAgo(since),
          waiting,
          now,
        }),
      ).toBe(due);
    },
  );

  it("counts waiting items from the last message, or from when following began", () => {
    expect(
      waitingSince({ lastSentAt: hoursAgo(2), followingSince: daysAgo(3) }),
    ).toEqual(hoursAgo(2));
    expect(
      waitingSince({ lastSentAt: null, followingSince: daysAgo(3) }),
    ).toEqual(daysAgo(3));
  });
});

describe("when a post is news to an area or tag follower", () => {
  it.each<[string, string, string, Date, Date | null]>([
    // what, status, date, stored at, listed since
    [
      "a post stored today",
      "published",
      "2026-04-01",
      hoursAgo(1),
      hoursAgo(1),
    ],
    [
      "a scheduled post whose day has begun",
      "published",
      "2026-05-01",
      daysAgo(3),
      new Date("2026-05-01T00:00:00Z"),
    ],
    [
      "a post scheduled for tomorrow",
      "published",
      "2026-05-02",
      daysAgo(3),
      null,
    ],
    ["a draft", "draft", "2026-04-01", hoursAgo(1), null],
    ["an unpublished post", "unpublished", "2026-04-01", hoursAgo(1), null],
  ])("%s", (_, status, date, createdAt, listed) => {
    expect(listedSince({ status, date, createdAt }, now)).toEqual(listed);
  });

  it.each<[string, Date, string, Date, boolean]>([
    [
      "stored after the last message",
      hoursAgo(1),
      "2026-04-01",
      hoursAgo(2),
      true,
    ],
    [
      "stored before the last message",
      hoursAgo(3),
      "2026-04-01",
      hoursAgo(2),
      false,
    ],
    // An old post synced today is news: readers first see it today.
    [
      "dated last year, stored now",
      minutesAgo(1),
      "2025-01-01",
      hoursAgo(2),
      true,
    ],
    [
      "scheduled, its day begun since",
      daysAgo(5),
      "2026-05-01",
      daysAgo(1),
      true,
    ],
    ["scheduled, not yet begun", daysAgo(5), "2026-05-03", daysAgo(1), false],
  ])("%s: %s", (_, createdAt, date, since, news) => {
    expect(
      isNewPost({ status: "published", date, createdAt }, since, now),
    ).toBe(news);
  });
});

describe("the Follow form", () => {
  it("asks a guest for an address, and keeps it as typed", () => {
    const refused = followFormSchema(true).safeParse({ email: "not an email" });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toBe(
      "That does not look like an email address.",
    );
    expect(
      followFormSchema(true).parse({ email: " Sam@Example.org " }),
    ).toEqual({ email: "sam@example.org", cadence: "immediate" });
  });

  it("needs no address from a member, and takes a weekly digest", () => {
    expect(followFormSchema(false).parse({ cadence: "weekly" })).toEqual({
      cadence: "weekly",
    });
    expect(
      followFormSchema(false).safeParse({ cadence: "daily" }).error?.issues[0]
        ?.message,
    ).toBe("Choose each new post or a weekly digest.");
  });
});
