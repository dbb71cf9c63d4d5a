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
};

/** Whether readers see the post at `now`: published, and its date has begun. */
export function isListed(post: ScheduledPost, now: Date): boolean {
  return (
    post.status === "published" &&
    startOfDate(post.date).getTime() <= now.getTime()
  );
}

/**
 * The newest calendar date listed at `now`: a query keeps posts dated on or before it. Dates are
 * written YYYY-MM-DD, so they compare as text.
 */
export function lastListedDate(now: Date): string {
  return now.toISOString().slice(0, 10);
}
