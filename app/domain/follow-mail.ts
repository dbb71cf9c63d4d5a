/**
 * What readers who follow something are mailed, and when. Pure: every function takes what was
 * sent before and `now`, and answers who gets what now. Only published comments and listed posts
 * are ever sent; a follower is mailed only at an address they have confirmed.
 */
import { startOfDate } from "./dates";

export const HOUR_MS = 60 * 60_000;
export const WEEK_MS = 7 * 24 * HOUR_MS;

/** What a reader can follow, as the subscriptions table names it. */
export type FollowKind = "replies" | "discussion" | "area" | "tag";
export type FollowCadence = "immediate" | "hourly" | "weekly";

/** One subscription as these rules see it. */
export type Follower = {
  id: number;
  kind: FollowKind;
  /** The comment id (replies), the post id (discussion), the area's or tag's slug. */
  target: string;
  /** The member who follows, or null for a guest. */
  userId: number | null;
  /** The keyed hash of the address mailed (the same key a comment's emailKey is). */
  addressKey: string;
  /** The address was confirmed by its owner (a member's confirmed email or a guest's link). */
  confirmed: boolean;
};

/** A comment as these rules see it. */
export type CommentForFollowers = {
  id: number;
  postId: number;
  parentId: number | null;
  state: string;
  /** Its author: the member, and the keyed hash of the email they gave (either may be null). */
  userId: number | null;
  emailKey: string | null;
};

/** Whether this follower wrote the comment: nobody is told about their own comment. */
export function isOwnComment(
  follower: Pick<Follower, "userId" | "addressKey">,
  comment: Pick<CommentForFollowers, "userId" | "emailKey">,
): boolean {
  if (follower.userId !== null && follower.userId === comment.userId)
    return true;
  return comment.emailKey !== null && comment.emailKey === follower.addressKey;
}

/**
 * Who is told about a comment: for `replies`, those following the comment it answers; for
 * `discussion`, those following its post. Nothing for a comment that is not published (held,
 * rejected, spam), nothing to its own author, nothing to an address not yet confirmed. A reader
 * who follows both is told once, by the reply message, and left out of the discussion's.
 */
export function followersOfComment<T extends Follower>(
  comment: CommentForFollowers,
  followers: readonly T[],
): { replies: T[]; discussion: T[] } {
  if (comment.state !== "published") return { replies: [], discussion: [] };
  const mailable = followers.filter(
    (f) => f.confirmed && !isOwnComment(f, comment),
  );
  const replies = uniqueByAddress(
    mailable.filter(
      (f) =>
        f.kind === "replies" &&
        comment.parentId !== null &&
        f.target === String(comment.parentId),
    ),
  );
  const told = new Set(replies.map((f) => f.addressKey));
  const discussion = uniqueByAddress(
    mailable.filter(
      (f) =>
        f.kind === "discussion" &&
        f.target === String(comment.postId) &&
        !told.has(f.addressKey),
    ),
  );
  return { replies, discussion };
}

function uniqueByAddress<T extends Follower>(followers: T[]): T[] {
  const seen = new Set<string>();
  return followers.filter((f) => {
    if (seen.has(f.addressKey)) return false;
    seen.add(f.addressKey);
    return true;
  });
}

/**
 * Whether a batch goes out now: something waits for it, and the period (an hour, a week) has
 * passed since the last one was sent, or since the reader began following when none was.
 */
export function batchDue({
  cadence,
  lastSentAt,
  followingSince,
  waiting,
  now,
}: {
  cadence: FollowCadence;
  lastSentAt: Date | null;
  followingSince: Date;
  /** How many comments or posts are not yet in a message. */
  waiting: number;
  now: Date;
}): boolean {
  if (waiting === 0) return false;
  if (cadence === "immediate") return true;
  // The first hourly message goes at once: "at most hourly" limits the ones after it.
  if (cadence === "hourly")
    return (
      lastSentAt === null || now.getTime() - lastSentAt.getTime() >= HOUR_MS
    );
  const since = lastSentAt ?? followingSince;
  return now.getTime() - since.getTime() >= WEEK_MS;
}

/**
 * Since when a subscription's waiting items are counted: the last message sent, or when the
 * reader began following. Whatever was published or listed before was not news to them.
 */
export function waitingSince({
  lastSentAt,
  followingSince,
}: {
  lastSentAt: Date | null;
  followingSince: Date;
}): Date {
  return lastSentAt ?? followingSince;
}

/** A post as the area and tag rules see it. */
export type PostForFollowers = {
  status: string;
  /** Calendar date, YYYY-MM-DD: a post dated in the future is listed when its date begins. */
  date: string;
  /** When the content sync first stored it. */
  createdAt: Date;
};

/**
 * When readers first saw a post: when it was stored, or when its date began if it was
 * scheduled. Null while it is not listed at `now`.
 */
export function listedSince(post: PostForFollowers, now: Date): Date | null {
  if (post.status !== "published") return null;
  const begins = startOfDate(post.date).getTime();
  if (begins > now.getTime()) return null;
  return new Date(Math.max(begins, post.createdAt.getTime()));
}

/** Whether a post is news for a follow whose waiting items count from `since`. */
export function isNewPost(
  post: PostForFollowers,
  since: Date,
  now: Date,
): boolean {
  const listed = listedSince(post, now);
  return listed !== null && listed.getTime() > since.getTime();
}

/** The choices of an area's or tag's Follow form. */
export const POST_FOLLOW_CADENCES = ["immediate", "weekly"] as const;
export const POST_FOLLOW_CADENCE_LABELS: Record<
  (typeof POST_FOLLOW_CADENCES)[number],
  string
> = {
  immediate: "Each new post, when it is published",
  weekly: "A weekly digest",
};

/** What a Follow form answers; the page and the form share it. */
export type FollowActionResult = {
  form: "follow";
  /** following: done; confirm: a link was sent to confirm the address first. */
  status: "following" | "confirm" | "invalid" | "limited";
  message: string;
  errors: { email?: string; cadence?: string; form?: string };
  values: { email: string; cadence: string };
};

/** A form outcome carried across a redirect, when it is a Follow form's. */
export function asFollowOutcome(outcome: unknown): FollowActionResult | null {
  return (outcome as { form?: string } | null)?.form === "follow"
    ? (outcome as FollowActionResult)
    : null;
}

/** The Follow form's button, and what the answer says is followed. */
export function followWords(kind: "discussion" | "area" | "tag"): {
  button: string;
  followed: string;
} {
  switch (kind) {
    case "discussion":
      return { button: "Follow this discussion", followed: "this discussion" };
    case "area":
      return { button: "Follow this area", followed: "this area" };
    case "tag":
      return { button: "Follow this tag", followed: "this tag" };
  }
}
