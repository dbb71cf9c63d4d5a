import type { PosterClass } from "./moderation-policy";
import { UNDO_LOGGED } from "./undo";

/** What the public transparency page counts, and the log actions each is made of. */
export const TRANSPARENCY_COLUMNS = {
  published: {
    label: "Published at once",
    actions: ["comment.published"],
  },
  held: {
    label: "Held for a moderator",
    actions: ["comment.held", "comment.edit-held", "comment.reported"],
  },
  approved: { label: "Approved", actions: ["comment.approved"] },
  rejected: {
    label: "Rejected",
    actions: ["comment.rejected", "comment.marked-spam"],
  },
  removed: { label: "Removed after publishing", actions: ["comment.removed"] },
  refused: { label: "Refused by the rules", actions: ["comment.refused"] },
} as const satisfies Record<
  string,
  { label: string; actions: readonly string[] }
>;

export type TransparencyColumn = keyof typeof TRANSPARENCY_COLUMNS;
export const TRANSPARENCY_COLUMN_NAMES = Object.keys(
  TRANSPARENCY_COLUMNS,
) as TransparencyColumn[];

/**
 * A decision undone within minutes (decision 054) takes back what it counted: a mistaken tap is
 * neither a rejection nor a removal.
 */
const UNDONE_COLUMN = new Map<string, TransparencyColumn>([
  [UNDO_LOGGED.reject, "rejected"],
  [UNDO_LOGGED.spam, "rejected"],
  [UNDO_LOGGED.remove, "removed"],
]);

/** Every log action the page reads. */
export const COUNTED_ACTIONS: string[] = [
  ...TRANSPARENCY_COLUMN_NAMES.flatMap((column) => [
    ...TRANSPARENCY_COLUMNS[column].actions,
  ]),
  ...UNDONE_COLUMN.keys(),
];

const COLUMN_OF_ACTION = new Map<string, TransparencyColumn>(
  TRANSPARENCY_COLUMN_NAMES.flatMap((column) =>
    TRANSPARENCY_COLUMNS[column].actions.map(
      (action) => [action, column] as const,
    ),
  ),
);

export type Counts = Record<TransparencyColumn, number>;

export type TransparencyMonth = {
  /** YYYY-MM, in UTC. */
  month: string;
  totals: Counts;
  byPosterClass: Partial<Record<PosterClass, Counts>>;
  /** Reasons the rules gave for holding or refusing, by reason code, most frequent first. */
  reasons: { code: string; held: number; refused: number }[];
  /** Median minutes a held comment waited for a moderator's decision; null with none decided. */
  medianWaitMinutes: number | null;
  decidedHeld: number;
};

const zeroCounts = (): Counts =>
  Object.fromEntries(
    TRANSPARENCY_COLUMN_NAMES.map((column) => [column, 0]),
  ) as Counts;

/** The middle value (the mean of the middle two for an even count), or null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The transparency page's months, newest first, from counts the database has already grouped:
 * no row here names a person or carries text, only actions, classes, reason codes and waits.
 */
export function buildTransparencyReport(input: {
  counts: {
    month: string;
    action: string;
    posterClass: string | null;
    count: number;
  }[];
  reasons: { month: string; action: string; code: string; count: number }[];
  waits: { month: string; waitMs: number }[];
}): TransparencyMonth[] {
  const months = new Map<string, TransparencyMonth>();
  const monthOf = (month: string) => {
    let entry = months.get(month);
    if (!entry) {
      entry = {
        month,
        totals: zeroCounts(),
        byPosterClass: {},
        reasons: [],
        medianWaitMinutes: null,
        decidedHeld: 0,
      };
      months.set(month, entry);
    }
    return entry;
  };
  for (const row of input.counts) {
    const undone = UNDONE_COLUMN.get(row.action);
    const column = undone ?? COLUMN_OF_ACTION.get(row.action);
    if (!column) continue;
    const count = undone ? -row.count : row.count;
    const entry = monthOf(row.month);
    entry.totals[column] += count;
    if (row.posterClass) {
      const posterClass = row.posterClass as PosterClass;
      (entry.byPosterClass[posterClass] ??= zeroCounts())[column] += count;
    }
  }
  // An undo in the month after its decision cannot take a month's count below zero.
  for (const entry of months.values()) {
    for (const counts of [
      entry.totals,
      ...Object.values(entry.byPosterClass),
    ]) {
      for (const column of TRANSPARENCY_COLUMN_NAMES) {
        counts[column] = Math.max(0, counts[column]);
      }
    }
  }
  for (const row of input.reasons) {
    const column = COLUMN_OF_ACTION.get(row.action);
    if (column !== "held" && column !== "refused") continue;
    const entry = monthOf(row.month);
    let reason = entry.reasons.find((r) => r.code === row.code);
    if (!reason) {
      reason = { code: row.code, held: 0, refused: 0 };
      entry.reasons.push(reason);
    }
    reason[column] += row.count;
  }
  const waitsByMonth = new Map<string, number[]>();
  for (const { month, waitMs } of input.waits) {
    const list = waitsByMonth.get(month) ?? [];
    list.push(waitMs);
    waitsByMonth.set(month, list);
  }
  for (const [month, waits] of waitsByMonth) {
    const entry = monthOf(month);
    const middle = median(waits);
    entry.medianWaitMinutes =
      middle === null ? null : Math.round(middle / 60_000);
    entry.decidedHeld = waits.length;
  }
  for (const entry of months.values())
    entry.reasons.sort(
      (a, b) =>
        b.held + b.refused - (a.held + a.refused) ||
        a.code.localeCompare(b.code),
    );
  return [...months.values()].sort((a, b) => b.month.localeCompare(a.month));
}

/** A wait in words: "45 minutes", "3 hours", "2 days". */
export function formatWait(minutes: number): string {
  const plural = (n: number, unit: string) =>
    `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes < 60) return plural(minutes, "minute");
  if (minutes < 48 * 60) return plural(Math.round(minutes / 60), "hour");
  return plural(Math.round(minutes / (24 * 60)), "day");
}
