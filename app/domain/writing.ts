import { isListed, type ScheduledPost } from "./scheduling";

/** What a save, a restore or a delete from the writing desk did, as the moderation log says it. */
export const WRITING_LOG_ACTIONS = [
  "post.published",
  "post.scheduled",
  "post.edited",
  "post.drafted",
  "post.unpublished",
  "post.restored",
  "post.deleted",
] as const;
export type WritingLogAction = (typeof WRITING_LOG_ACTIONS)[number];

/** A post as it was before a save: its status and when it is (or was) due. */
export type PostBefore = ScheduledPost | null;

/** A post as a save leaves it. */
export type PostAfter = { draft: boolean; date: string; time: string | null };

/**
 * The log entry a save makes: published when readers see it from now on and did not before,
 * scheduled when it is published for a later date or time, unpublished when a published post
 * becomes a draft, drafted when a new post or a draft is kept as a draft, edited otherwise.
 */
export function saveLogAction(
  before: PostBefore,
  after: PostAfter,
  now: Date,
): WritingLogAction {
  const wasPublished = before?.status === "published";
  if (after.draft) return wasPublished ? "post.unpublished" : "post.drafted";
  const afterPost: ScheduledPost = { status: "published", ...after };
  if (!isListed(afterPost, now)) {
    const sameSchedule =
      wasPublished &&
      before.date === after.date &&
      (before.time ?? null) === after.time;
    return sameSchedule ? "post.edited" : "post.scheduled";
  }
  const wasListed = before !== null && isListed(before, now);
  return wasListed ? "post.edited" : "post.published";
}

/**
 * Why a save may not move a post to `slug`, or null. A published post's address is fixed: links
 * to it are out in the world. The editor may change it knowingly (`confirmed`, a checkbox), and
 * then the old address redirects to the new. A draft's address is free to change.
 */
export function slugChangeRefusal(
  before: { slug: string; status: ScheduledPost["status"] } | null,
  slug: string,
  confirmed: boolean,
): string | null {
  if (before === null || before.slug === slug) return null;
  if (before.status !== "published" || confirmed) return null;
  return `This post is published at /posts/${before.slug}. To move it, tick "Change the address"; the old address will then redirect to the new one.`;
}
