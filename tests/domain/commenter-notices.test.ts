import { describe, expect, it } from "vitest";
import {
  outcomeNotice,
  outcomeNoticeError,
  type OutcomeNotice,
} from "~/domain/commenter-notices";
import type { CommentState } from "~/domain/comment-states";

describe("what a poster who asked is told", () => {
  it.each<[CommentState, CommentState, boolean, OutcomeNotice]>([
    // from, to, address confirmed, answer
    ["pending", "published", true, { send: "approved", end: true }],
    ["pending", "rejected", true, { send: "rejected", end: true }],
    ["published", "removed", true, { send: "removed", end: true }],
    // An address never confirmed gets nothing, and is not kept past the outcome.
    ["pending", "published", false, { send: null, end: true }],
    ["pending", "rejected", false, { send: null, end: true }],
    ["published", "removed", false, { send: null, end: true }],
    // Spam is never answered; a comment its author deleted needs no message.
    ["pending", "spam", true, { send: null, end: true }],
    ["published", "spam", true, { send: null, end: true }],
    ["published", "deleted", true, { send: null, end: true }],
    ["pending", "deleted", true, { send: null, end: true }],
    // Not an outcome yet: held again by readers' reports, or restored.
    ["published", "pending", true, { send: null, end: false }],
    ["removed", "published", true, { send: null, end: false }],
    ["rejected", "published", true, { send: null, end: false }],
  ])("%s → %s (confirmed: %s)", (from, to, confirmed, expected) => {
    expect(outcomeNotice({ from, to }, { confirmed })).toEqual(expected);
  });
});

describe("the form's checkbox", () => {
  it.each<[boolean, string | null, boolean, boolean]>([
    // ticked, email, member, refused
    [true, null, false, true],
    [true, "guest@example.org", false, false],
    [true, null, true, false],
    [false, null, false, false],
    [false, "guest@example.org", false, false],
  ])("ticked %s, email %s, member %s", (tellMe, email, member, refused) => {
    const error = outcomeNoticeError({ tellMe, email, member });
    if (refused) expect(error).toMatch(/Give your email/);
    else expect(error).toBeNull();
  });
});
