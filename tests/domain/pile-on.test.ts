import { describe, expect, it } from "vitest";
import {
  DEFAULT_PILE_ON_SETTINGS,
  pileOnHolds,
  pileOnState,
  type PileOnCounts,
  type PileOnSettings,
} from "~/domain/pile-on";
import type { PosterClass } from "~/domain/moderation-policy";

// Every test passes `now`: the brake never reads the clock.
const NOW = new Date("2025-06-01T12:00:00.000Z");
const minutesAgo = (minutes: number) =>
  new Date(NOW.getTime() - minutes * 60_000);
const quiet: PileOnCounts = {
  distinctPosters: 0,
  mostReportsOnOneComment: 0,
  engagedAt: null,
};

describe("when the pile-on brake is on", () => {
  it.each<
    [string, Partial<PileOnSettings>, Partial<PileOnCounts>, string | null]
  >([
    ["a quiet post: off", {}, {}, null],
    [
      "15 posters is the limit, not over it: off",
      {},
      { distinctPosters: 15 },
      null,
    ],
    ["16 posters: on", {}, { distinctPosters: 16 }, "posters"],
    ["4 reports on one comment: off", {}, { mostReportsOnOneComment: 4 }, null],
    [
      "5 reports on one comment: on",
      {},
      { mostReportsOnOneComment: 5 },
      "reports",
    ],
    [
      "posters rule turned off with 0",
      { pileOnPosters: 0 },
      { distinctPosters: 500 },
      null,
    ],
    [
      "reports rule turned off with 0",
      { pileOnReports: 0 },
      { mostReportsOnOneComment: 50 },
      null,
    ],
    [
      "engaged an hour ago: still cooling",
      {},
      { engagedAt: minutesAgo(60) },
      "cooling",
    ],
    [
      "engaged exactly two hours ago: off",
      {},
      { engagedAt: minutesAgo(120) },
      null,
    ],
    [
      "a shorter hold ends sooner",
      { pileOnHoldMinutes: 30 },
      { engagedAt: minutesAgo(31) },
      null,
    ],
  ])("%s", (_name, settings, counts, cause) => {
    const state = pileOnState(
      { ...DEFAULT_PILE_ON_SETTINGS, ...settings },
      { ...quiet, ...counts },
      NOW,
    );
    expect(state.engaged ? state.cause : null).toBe(cause);
  });

  it("a surge holds for the hold time from now; cooling ends at the first surge's end", () => {
    const surge = pileOnState(
      DEFAULT_PILE_ON_SETTINGS,
      { ...quiet, distinctPosters: 16 },
      NOW,
    );
    expect(surge.engaged && surge.until).toEqual(minutesAgo(-120));
    const cooling = pileOnState(
      DEFAULT_PILE_ON_SETTINGS,
      { ...quiet, engagedAt: minutesAgo(90) },
      NOW,
    );
    expect(cooling.engaged && cooling.until).toEqual(minutesAgo(-30));
  });
});

describe("whom the brake holds", () => {
  const on = { engaged: true, cause: "posters", until: NOW } as const;
  it.each<[PosterClass, boolean]>([
    ["anonymous", true],
    ["named", true],
    ["member", false],
    ["verified", false],
    ["staff", false],
  ])("%s: %s", (posterClass, held) => {
    expect(pileOnHolds(posterClass, on)).toBe(held);
    expect(pileOnHolds(posterClass, { engaged: false })).toBe(false);
  });
});
