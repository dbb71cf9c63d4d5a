/**
 * How the subscriptions page names what an address follows, whoever created the row: a
 * readable sentence and a link for each kind. Pure: the caller looks the names up.
 */

/** The kinds of db/schema.ts's SUBSCRIPTION_KINDS (the schema imports the domain, not back). */
export type SubscriptionKind =
  "comment-outcome" | "replies" | "discussion" | "area" | "tag";

/** What the caller found for a subscription's target; null when it is gone or not shown. */
export type SubscriptionTarget = {
  /** A post's title (comment-outcome, replies, discussion), an area's or a tag's name. */
  name: string;
  /** The post's slug (comment kinds, discussion), or the area's or tag's slug. */
  slug: string;
} | null;

export type SubscriptionLabel = { text: string; href: string | null };

const POST_KINDS: Partial<Record<SubscriptionKind, (title: string) => string>> =
  {
    "comment-outcome": (title) => `What happens to your comment on “${title}”`,
    replies: (title) => `Replies to your comment on “${title}”`,
    discussion: (title) => `New comments on “${title}”`,
  };

const GONE: Record<SubscriptionKind, string> = {
  "comment-outcome": "What happens to a comment of yours",
  replies: "Replies to a comment of yours",
  discussion: "New comments on a post no longer shown",
  area: "New posts in an area no longer used",
  tag: "New posts with a tag no longer used",
};

export function subscriptionLabel(
  kind: SubscriptionKind,
  target: SubscriptionTarget,
): SubscriptionLabel {
  if (target === null) return { text: GONE[kind], href: null };
  const postLabel = POST_KINDS[kind];
  if (postLabel)
    return { text: postLabel(target.name), href: `/posts/${target.slug}` };
  if (kind === "area")
    return {
      text: `New posts in ${target.name}`,
      href: `/areas/${target.slug}`,
    };
  return {
    text: `New posts tagged “${target.name}”`,
    href: `/tags/${target.slug}`,
  };
}
