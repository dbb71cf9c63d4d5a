// Posts carry a calendar date, not an instant: every formatter works in UTC so the day never shifts.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day
  );
}

/**
 * A formatter made on first use. This module is in the browser's bundle too, and the first Intl
 * formatter a page makes costs the browser about 30 ms (its locale data loads): a page whose
 * times all come formatted from the server should not pay that just by importing this module.
 */
function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

const longDate = lazily(
  () =>
    new Intl.DateTimeFormat("en-GB", {
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }),
);

const monthYear = lazily(
  () =>
    new Intl.DateTimeFormat("en-GB", {
      month: "long",
      year: "numeric",
      timeZone: "UTC",
    }),
);

/** "2016-05-28" → "Saturday, 28 May 2016". */
export function formatLongDate(isoDate: string): string {
  return longDate().format(new Date(`${isoDate}T00:00:00Z`));
}

/** "2016-05" → "May 2016". */
export function formatMonth(yearMonth: string): string {
  return monthYear().format(new Date(`${yearMonth}-01T00:00:00Z`));
}

/** The first and the day after the last day of a month, for a half-open range query on dates. */
export function monthRange(
  year: number,
  month: number,
): { from: string; until: string } | null {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  const pad = (n: number) => String(n).padStart(2, "0");
  const next = month === 12 ? { y: year + 1, m: 1 } : { y: year, m: month + 1 };
  return {
    from: `${year}-${pad(month)}-01`,
    until: `${next.y}-${pad(next.m)}-01`,
  };
}

/** Groups items that are already sorted by date, keeping that order. */
export function groupByDate<T extends { date: string }>(
  items: readonly T[],
): { date: string; items: T[] }[] {
  const groups: { date: string; items: T[] }[] = [];
  for (const item of items) {
    const last = groups.at(-1);
    if (last && last.date === item.date) last.items.push(item);
    else groups.push({ date: item.date, items: [item] });
  }
  return groups;
}

const relative = lazily(
  () => new Intl.RelativeTimeFormat("en-GB", { numeric: "auto" }),
);

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["second", 60],
  ["minute", 60],
  ["hour", 24],
  ["day", 7],
  ["week", 4.35],
  ["month", 12],
  ["year", Number.POSITIVE_INFINITY],
];

/**
 * "just now", "5 minutes ago", "yesterday", "3 weeks ago". Pages draw times against the start of
 * the minute, so a comment of this minute is a few seconds "in the future": still "just now".
 */
export function formatRelative(then: Date, now: Date): string {
  let amount = (then.getTime() - now.getTime()) / 1000;
  if (amount > -60) return "just now";
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return relativeText(Math.round(amount), unit);
    amount /= size;
  }
  return relativeText(Math.round(amount), "year");
}

/** How many formatters or texts of each kind are kept: far more than a page shows. */
const KEPT_TEXTS = 20_000;

/**
 * The value kept under `key`, or made now and kept. Bounded, not ordered: starting again costs
 * one make a key.
 */
function kept<T>(values: Map<string, T>, key: string, make: () => T): T {
  let value = values.get(key);
  if (value === undefined) {
    value = make();
    if (values.size >= KEPT_TEXTS) values.clear();
    values.set(key, value);
  }
  return value;
}

// A thread of 200 comments asks for a few dozen texts ("3 days ago") 200 times: each made once.
const relativeTexts = new Map<string, string>();

function relativeText(
  amount: number,
  unit: Intl.RelativeTimeFormatUnit,
): string {
  return kept(relativeTexts, `${amount} ${unit}`, () =>
    relative().format(amount, unit),
  );
}

// Making a formatter costs a hundred times more than using one, and a thread formats two
// times a comment: one formatter per time zone, made on first use.
const exactTimeFormats = new Map<string, Intl.DateTimeFormat>();

// Using one still cost an uncached 200-comment page 2 % of its render, for the same times
// every time the page is drawn: each instant's texts are kept, by zone.
const instantTexts = new Map<string, { iso: string; exact: string }>();

function textsOf(
  instant: Date,
  timeZone: string,
): { iso: string; exact: string } {
  return kept(instantTexts, `${instant.getTime()} ${timeZone}`, () => {
    const format = kept(
      exactTimeFormats,
      timeZone,
      () =>
        new Intl.DateTimeFormat("en-GB", {
          day: "numeric",
          month: "long",
          year: "numeric",
          hour: "2-digit",
          minute: "2-digit",
          timeZone,
        }),
    );
    return { iso: instant.toISOString(), exact: format.format(instant) };
  });
}

/** "28 November 2026 at 23:40" in the site's time zone. */
export function formatExactTime(instant: Date, timeZone: string): string {
  return textsOf(instant, timeZone).exact;
}

/** An instant as a page shows it, formatted once on the server. */
export type ShownTime = {
  /** For the datetime attribute. */
  iso: string;
  /** "3 days ago", against `now`. */
  relative: string;
  /** "28 November 2026 at 23:40" in the site's time zone. */
  exact: string;
};

export function showTime(
  instant: Date,
  now: Date,
  timeZone: string,
): ShownTime {
  const { iso, exact } = textsOf(instant, timeZone);
  return { iso, relative: formatRelative(instant, now), exact };
}

/** True when Intl knows the time zone name, such as "Europe/London". */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** "1 second", "42 seconds", "1 minute", "10 minutes": for retry times and windows. */
export function describeDuration(seconds: number): string {
  if (seconds % 60 === 0 && seconds >= 60) {
    const minutes = seconds / 60;
    return minutes === 1 ? "1 minute" : `${minutes} minutes`;
  }
  return seconds === 1 ? "1 second" : `${seconds} seconds`;
}

/** The instant rounded down to its minute. */
export function startOfMinute(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 60_000) * 60_000);
}

/** A post's calendar date as an instant (midnight UTC, as every date formatter here reads it). */
export function startOfDate(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}
