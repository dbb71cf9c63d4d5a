import { describe, expect, it } from "vitest";
import {
  authorChangeRefusal,
  isAuthor,
  type Authorship,
  type ChangeTarget,
} from "~/domain/comment-edits";

// Every test passes `now`: the rules never read the clock.
const NOW = new Date("2026-06-01T12:00:00.000Z");
const minutesAgo = (minutes: number) =>
  new Date(NOW.getTime() - minutes * 60_000);

const guestComment: Authorship = { userId: null, guestKey: "browser-a" };
const memberComment: Authorship = { userId: 7, guestKey: "browser-a" };

describe("who wrote a comment", () => {
  it.each<[string, Authorship, Authorship, boolean]>([
    [
      "the guest's own browser",
      guestComment,
      { userId: null, guestKey: "browser-a" },
      true,
    ],
    [
      "another browser",
      guestComment,
      { userId: null, guestKey: "browser-b" },
      false,
    ],
    [
      "a browser without a guest id",
      guestComment,
      { userId: null, guestKey: null },
      false,
    ],
    [
      "a member, signed in elsewhere",
      memberComment,
      { userId: 7, guestKey: "browser-z" },
      true,
    ],
    // A shared computer signed out is not the member who wrote from it.
    [
      "the member's browser, signed out",
      memberComment,
      { userId: null, guestKey: "browser-a" },
      false,
    ],
    [
      "another member",
      memberComment,
      { userId: 8, guestKey: "browser-a" },
      false,
    ],
    [
      "a member, on a guest's comment from their browser",
      guestComment,
      { userId: 7, guestKey: "browser-a" },
      true,
    ],
    // An imported comment knows neither: nobody is its author here.
    [
      "nobody, on a comment with no keys",
      { userId: null, guestKey: null },
      { userId: null, guestKey: null },
      false,
    ],
  ])("%s", (_, comment, viewer, expected) => {
    expect(isAuthor(comment, viewer)).toBe(expected);
  });
});

describe("what an author may change, and when", () => {
  const target = (overrides: Partial<ChangeTarget> = {}): ChangeTarget => ({
    ...guestComment,
    state: "published",
    createdAt: minutesAgo(5),
    ...overrides,
  });
  const author = { userId: null, guestKey: "browser-a" };
  const stranger = { userId: null, guestKey: "browser-b" };

  it.each<
    [
      string,
      "edit" | "delete",
      Partial<ChangeTarget>,
      Authorship,
      number,
      number | null,
    ]
  >([
    ["edit, inside the window", "edit", {}, author, 15, null],
    ["edit, a held comment", "edit", { state: "pending" }, author, 15, null],
    [
      "edit, a minute before the end",
      "edit",
      { createdAt: minutesAgo(14) },
      author,
      15,
      null,
    ],
    [
      "edit, at the end of the window",
      "edit",
      { createdAt: minutesAgo(15) },
      author,
      15,
      409,
    ],
    [
      "edit, after the window",
      "edit",
      { createdAt: minutesAgo(60) },
      author,
      15,
      409,
    ],
    ["edit, with edits turned off", "edit", {}, author, 0, 409],
    ["edit, by someone else", "edit", {}, stranger, 15, 403],
    ["edit, a removed comment", "edit", { state: "removed" }, author, 15, 409],
    [
      "delete, long after posting",
      "delete",
      { createdAt: minutesAgo(60 * 24 * 365) },
      author,
      15,
      null,
    ],
    ["delete, with edits turned off", "delete", {}, author, 0, null],
    [
      "delete, a held comment",
      "delete",
      { state: "pending" },
      author,
      15,
      null,
    ],
    ["delete, by someone else", "delete", {}, stranger, 15, 403],
    [
      "delete, already deleted",
      "delete",
      { state: "deleted" },
      author,
      15,
      409,
    ],
    [
      "delete, rejected by a moderator",
      "delete",
      { state: "rejected" },
      author,
      15,
      409,
    ],
  ])("%s", (_, change, overrides, viewer, windowMinutes, status) => {
    const refusal = authorChangeRefusal(
      change,
      target(overrides),
      viewer,
      windowMinutes,
      NOW,
    );
    expect(refusal?.status ?? null).toBe(status);
    if (refusal) expect(refusal.message).toMatch(/^[A-Z].*\.$/);
  });

  it("says how long the window is when it is over", () => {
    expect(
      authorChangeRefusal(
        "edit",
        target({ createdAt: minutesAgo(20) }),
        author,
        15,
        NOW,
      )?.message,
    ).toBe(
      "Comments can be edited for 15 minutes after posting, and that time is over. You can still delete it.",
    );
  });
});
