// The pile-on brake: when a post suddenly draws many posters, or one comment draws many reports
// at once, guests' new comments on that post wait for a moderator for a while. Pure: the server
// counts, this decides, `now` comes in as an argument.

export type PileOnSettings = {
  /** More than this many distinct posters on one post within the window engages the brake; 0 turns it off. */
  pileOnPosters: number;
  /** At least this many reports on one comment of the post within the window engage it; 0 turns it off. */
  pileOnReports: number;
  /** The window both counts look back over, in minutes. */
  pileOnWindowMinutes: number;
  /** How long the brake stays on after the last surge it saw, in minutes. */
  pileOnHoldMinutes: number;
};

export const DEFAULT_PILE_ON_SETTINGS: PileOnSettings = {
  pileOnPosters: 15,
  pileOnReports: 5,
  pileOnWindowMinutes: 30,
  pileOnHoldMinutes: 120,
};

/** What the server counts on the post a new comment is for. */
export type PileOnCounts = {
  /** Distinct posters (by the same identity the flood rule uses) on the post within the window. */
  distinctPosters: number;
  /** The most reports any one comment of the post received within the window. */
  mostReportsOnOneComment: number;
  /** When the brake last engaged on this post, if it has. */
  engagedAt: Date | null;
};

export type PileOnState =
  | { engaged: false }
  | {
      engaged: true;
      /** Why: a surge of posters, of reports, or an earlier surge still cooling down. */
      cause: "posters" | "reports" | "cooling";
      until: Date;
    };

/** Whether the brake is on for a post at `now`. */
export function pileOnState(
  settings: PileOnSettings,
  counts: PileOnCounts,
  now: Date,
): PileOnState {
  const holdMs = settings.pileOnHoldMinutes * 60_000;
  const until = new Date(now.getTime() + holdMs);
  if (
    settings.pileOnPosters > 0 &&
    counts.distinctPosters > settings.pileOnPosters
  ) {
    return { engaged: true, cause: "posters", until };
  }
  if (
    settings.pileOnReports > 0 &&
    counts.mostReportsOnOneComment >= settings.pileOnReports
  ) {
    return { engaged: true, cause: "reports", until };
  }
  if (counts.engagedAt) {
    const ends = new Date(counts.engagedAt.getTime() + holdMs);
    if (now < ends) return { engaged: true, cause: "cooling", until: ends };
  }
  return { engaged: false };
}

/** Guests are held while the brake is on; members, verified posters and staff are not. */
export function pileOnHolds(posterClass: string, state: PileOnState): boolean {
  return (
    state.engaged && (posterClass === "anonymous" || posterClass === "named")
  );
}
