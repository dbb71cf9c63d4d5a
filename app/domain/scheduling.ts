import { startOfDate } from "./dates";

/**
 * When a post is shown to readers. A post dated in the future is scheduled: it stays out of
 * every listing, feed, search result and the sitemap, and its page is not found, until its
 * date begins (midnight UTC, as every date on the site is read). Hand-written files and the
 * ones the writing desk saves are treated alike.
 */
export type ScheduledPost = {
  status: "published" | "draft" | "unpublished";
  /** Calendar date, YYYY-MM-DD. */
  date: string;
  /** Time of day, "HH:MM" in UTC; absent or null for the start of the date. */
  time?: string | null;
};

/** The instant a post dated `date` (at `time`, UTC) is first shown. */
export function listedFrom(date: string, time: string | null = null): Date {
  const start = startOfDate(date);
  if (time === null) return start;
  const [hours, minutes] = time.split(":").map(Number) as [number, number];
  return new Date(start.getTime() + (hours * 60 + minutes) * 60_000);
}

/**
 * Whether readers see the post at `now`: published, and its date (and time, to the minute) has
 * begun. A time is whole minutes, so a post becomes due at a minute boundary, where every page
 * the cache keeps expires (decision 047).
 */
export function isListed(post: ScheduledPost, now: Date): boolean {
  return (
    post.status === "published" &&
    listedFrom(post.date, post.time ?? null).getTime() <= now.getTime()
  );
}

/** Whether a post is published but not yet shown: scheduled for later. */
export function isScheduled(post: ScheduledPost, now: Date): boolean {
  return post.status === "published" && !isListed(post, now);
}

/**
 * The latest time of day listed on the date `lastListedDate(now)`, "HH:MM": a query keeps a post
 * of that date whose time is on or before it (times compare as text).
 */
export function lastListedTime(now: Date): string {
  return now.toISOString().slice(11, 16);
}

/**
 * The newest calendar date listed at `now`: a query keeps posts dated on or before it. Dates are
 * written YYYY-MM-DD, so they compare as text.
 */
export function lastListedDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}
