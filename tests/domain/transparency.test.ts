import { describe, expect, it } from "vitest";
import {
  buildTransparencyReport,
  formatWait,
  median,
} from "~/domain/transparency";

describe("the median wait", () => {
  it.each<[number[], number | null]>([
    [[], null],
    [[5], 5],
    [[9, 1, 5], 5],
    [[1, 2, 3, 10], 2.5],
    [[60, 60, 1_000_000], 60],
  ])("of %j is %s", (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe("a wait in words", () => {
  it.each<[number, string]>([
    [0, "0 minutes"],
    [1, "1 minute"],
    [59, "59 minutes"],
    [60, "1 hour"],
    [47 * 60, "47 hours"],
    [48 * 60, "2 days"],
  ])("%i minutes reads %s", (minutes, words) => {
    expect(formatWait(minutes)).toBe(words);
  });
});

describe("the transparency report", () => {
  const report = buildTransparencyReport({
    counts: [
      {
        month: "2026-10",
        action: "comment.published",
        posterClass: "member",
        count: 4,
      },
      {
        month: "2026-10",
        action: "comment.held",
        posterClass: "anonymous",
        count: 2,
      },
      {
        month: "2026-10",
        action: "comment.edit-held",
        posterClass: "named",
        count: 1,
      },
      {
        month: "2026-10",
        action: "comment.marked-spam",
        posterClass: "anonymous",
        count: 1,
      },
      {
        month: "2026-10",
        action: "comment.rejected",
        posterClass: "named",
        count: 1,
      },
      {
        month: "2026-11",
        action: "comment.approved",
        posterClass: "anonymous",
        count: 3,
      },
      {
        month: "2026-11",
        action: "comment.refused",
        posterClass: "named",
        count: 2,
      },
      // Not a decision on a comment: never counted.
      {
        month: "2026-11",
        action: "settings.changed",
        posterClass: null,
        count: 9,
      },
      {
        month: "2026-11",
        action: "comment.deleted",
        posterClass: "named",
        count: 5,
      },
    ],
    reasons: [
      { month: "2026-10", action: "comment.held", code: "anonymous", count: 2 },
      {
        month: "2026-10",
        action: "comment.edit-held",
        code: "held-word",
        count: 1,
      },
      { month: "2026-11", action: "comment.refused", code: "flood", count: 2 },
      { month: "2026-11", action: "comment.held", code: "links", count: 1 },
      // Reasons are only on holds and refusals.
      {
        month: "2026-11",
        action: "comment.published",
        code: "anonymous",
        count: 7,
      },
    ],
    waits: [
      { month: "2026-10", waitMs: 10 * 60_000 },
      { month: "2026-10", waitMs: 30 * 60_000 },
      { month: "2026-10", waitMs: 600 * 60_000 },
    ],
  });

  it("has the newest month first", () => {
    expect(report.map((month) => month.month)).toEqual(["2026-11", "2026-10"]);
  });

  it("adds each action to its column, in total and by poster class", () => {
    const october = report[1]!;
    expect(october.totals).toEqual({
      published: 4,
      held: 3,
      approved: 0,
      rejected: 2,
      removed: 0,
      refused: 0,
    });
    expect(october.byPosterClass.anonymous).toMatchObject({
      held: 2,
      rejected: 1,
    });
    expect(october.byPosterClass.named).toMatchObject({ held: 1, rejected: 1 });
    expect(october.byPosterClass.member).toMatchObject({ published: 4 });
    const november = report[0]!;
    expect(november.totals).toMatchObject({
      approved: 3,
      refused: 2,
      published: 0,
    });
  });

  it("counts reasons of holds and refusals only, most frequent first", () => {
    expect(report[1]!.reasons).toEqual([
      { code: "anonymous", held: 2, refused: 0 },
      { code: "held-word", held: 1, refused: 0 },
    ]);
    expect(report[0]!.reasons).toEqual([
      { code: "flood", held: 0, refused: 2 },
      { code: "links", held: 1, refused: 0 },
    ]);
  });

  it("gives the median wait of the month's decided held comments", () => {
    expect(report[1]).toMatchObject({ medianWaitMinutes: 30, decidedHeld: 3 });
    expect(report[0]).toMatchObject({
      medianWaitMinutes: null,
      decidedHeld: 0,
    });
  });
});

describe("undone decisions in the transparency report", () => {
  const row = (action: string, count: number, month = "2026-12") => ({
    month,
    action,
    posterClass: "anonymous",
    count,
  });
  const totalsOf = (counts: ReturnType<typeof row>[]) =>
    buildTransparencyReport({ counts, reasons: [], waits: [] }).map(
      (month) => ({
        month: month.month,
        rejected: month.totals.rejected,
        removed: month.totals.removed,
        anonymousRejected: month.byPosterClass.anonymous?.rejected,
      }),
    );
  it.each([
    [
      "an undone Reject and Spam take back their rejections, in any order",
      [
        row("comment.reject-undone", 2),
        row("comment.rejected", 3),
        row("comment.marked-spam", 2),
        row("comment.spam-undone", 1),
      ],
      [{ month: "2026-12", rejected: 2, removed: 0, anonymousRejected: 2 }],
    ],
    [
      "an undone Remove takes back its removal",
      [row("comment.removed", 2), row("comment.remove-undone", 1)],
      [{ month: "2026-12", rejected: 0, removed: 1, anonymousRejected: 0 }],
    ],
    [
      "an undo in the month after its decision counts nothing below zero",
      [
        row("comment.rejected", 1, "2026-11"),
        row("comment.reject-undone", 1, "2026-12"),
      ],
      [
        { month: "2026-12", rejected: 0, removed: 0, anonymousRejected: 0 },
        { month: "2026-11", rejected: 1, removed: 0, anonymousRejected: 1 },
      ],
    ],
  ])("%s", (_, counts, expected) => {
    expect(totalsOf(counts)).toEqual(expected);
  });
});
