import { describe, expect, it } from "vitest";
import { emptyModel, train, untrain } from "~/domain/spam-score";
import {
  encodeUndoTicket,
  parseUndoTicket,
  stateBefore,
  undoNotice,
  undoRefusal,
  undoWindowOpen,
  UNDO_WINDOW_MINUTES,
  type UndoTicket,
} from "~/domain/undo";

const ACTED = new Date("2026-12-03T09:00:00Z");
const minutes = (n: number) => new Date(ACTED.getTime() + n * 60_000);
const MO = { userId: 1, role: "moderator" } as const;

describe("the undo window", () => {
  it.each([
    [0, true],
    [UNDO_WINDOW_MINUTES, true],
    [UNDO_WINDOW_MINUTES + 1 / 60_000, false],
    [60, false],
    // A clock that went back: the decision is "in the future", not undoable.
    [-1, false],
  ])("%s minutes after: %s", (after, open) => {
    expect(undoWindowOpen(ACTED, minutes(after))).toBe(open);
  });
});

describe("who may undo what, when", () => {
  const base = {
    now: minutes(2),
    actedAt: ACTED,
    undoer: MO,
    actedBy: MO,
    state: "rejected",
    action: "reject",
    latestLogId: 7,
    logId: 7,
  } as const;
  it.each([
    ["the moderator who acted, in time", {}, null],
    ["too late", { now: minutes(11) }, "expired"],
    [
      "another moderator",
      { undoer: { userId: 2, role: "moderator" } },
      "not-yours",
    ],
    ["an admin", { undoer: { userId: 3, role: "admin" } }, null],
    [
      "a moderator undoing an admin's decision",
      { actedBy: { userId: 3, role: "admin" } },
      "not-yours",
    ],
    [
      "an admin, when the account that acted is gone",
      {
        undoer: { userId: 3, role: "admin" },
        actedBy: { userId: null, role: null },
      },
      null,
    ],
    [
      "a moderator, when the account that acted is gone",
      {
        undoer: { userId: 2, role: "moderator" },
        actedBy: { userId: null, role: null },
      },
      "not-yours",
    ],
    ["a comment restored since", { state: "published" }, "changed"],
    ["a comment decided again since", { latestLogId: 9 }, "changed"],
    ["a removal, still removed", { action: "remove", state: "removed" }, null],
    ["a spam marking, still spam", { action: "spam", state: "spam" }, null],
    [
      "too late beats changed",
      { now: minutes(30), state: "pending" },
      "expired",
    ],
  ] as const)("%s", (_, change, expected) => {
    expect(undoRefusal({ ...base, ...change })).toBe(expected);
  });
});

describe("where an undo puts a comment", () => {
  it.each([
    ["reject", false, "pending"],
    ["remove", true, "published"],
    ["spam", false, "pending"],
    ["spam", true, "published"],
  ] as const)("%s (was published: %s) → %s", (action, published, state) => {
    expect(stateBefore(action, published)).toBe(state);
  });
});

describe("the undo ticket in the address", () => {
  const ticket: UndoTicket = {
    action: "spam",
    firstLogId: 12,
    lastLogId: 19,
    actedAt: ACTED.getTime(),
    fromPublished: [4, 7],
  };
  it("reads back what was written", () => {
    expect(parseUndoTicket(encodeUndoTicket(ticket))).toEqual(ticket);
    const none: UndoTicket = { ...ticket, action: "reject", fromPublished: [] };
    expect(parseUndoTicket(encodeUndoTicket(none))).toEqual(none);
  });
  it.each([
    null,
    "",
    "approve.1.2.3.",
    "reject.2.1.3.",
    "reject.0.1.3.",
    "reject.1.2.x.",
    "reject.1.2.3.4-",
    "reject.1.2.3..extra",
  ])("refuses %j", (value) => {
    expect(parseUndoTicket(value)).toBeNull();
  });
});

describe("the notice after an undo", () => {
  it.each([
    [
      "reject",
      { undone: 3, leftAsTheyAre: [], refused: null },
      "Undone: 3 comments are back in the queue.",
    ],
    [
      "spam",
      { undone: 1, leftAsTheyAre: [], refused: null },
      "Undone: 1 comment is back where it was.",
    ],
    [
      "remove",
      {
        undone: 1,
        leftAsTheyAre: [{ authorName: null, postTitle: "Vans" }],
        refused: null,
      },
      "Undone: 1 comment is published again. 1 had changed since, so was left as it is: Anonymous on “Vans”.",
    ],
    [
      "reject",
      {
        undone: 0,
        leftAsTheyAre: [
          { authorName: "Jo", postTitle: "Vans" },
          { authorName: null, postTitle: "Gates" },
        ],
        refused: null,
      },
      "Nothing was undone. 2 had changed since, so were left as they are: Jo on “Vans”; Anonymous on “Gates”.",
    ],
    [
      "reject",
      { undone: 0, leftAsTheyAre: [], refused: "expired" },
      `Too late to undo: an Undo is offered for ${UNDO_WINDOW_MINUTES} minutes. Find the comments with the queue's Show filter and restore them there.`,
    ],
    [
      "reject",
      { undone: 0, leftAsTheyAre: [], refused: "not-yours" },
      "Only the moderator who made that decision, or someone of higher rank, can undo it.",
    ],
  ] as const)("%s %j", (action, outcome, notice) => {
    expect(undoNotice(action, outcome)).toBe(notice);
  });
});

describe("forgetting a decision the spam score learned", () => {
  it("is the exact reverse of learning it", () => {
    const learned = train(emptyModel(), "cheap watches here", "ham");
    const both = train(learned, "cheap watches, click now", "spam");
    expect(untrain(both, "cheap watches, click now", "spam")).toEqual(learned);
  });
  it("never counts below zero", () => {
    expect(untrain(emptyModel(), "anything", "spam")).toEqual(emptyModel());
  });
});
