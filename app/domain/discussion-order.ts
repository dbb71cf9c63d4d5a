/** The orders a discussion can be read in; oldest first is the default and has no parameter. */
export const DISCUSSION_ORDERS = ["oldest", "newest"] as const;
export type DiscussionOrder = (typeof DISCUSSION_ORDERS)[number];

/** `?sort=`: "newest", or anything else (nothing, a typo) for the default. */
export function parseDiscussionOrder(value: string | null): DiscussionOrder {
  return value === "newest" ? "newest" : "oldest";
}

/**
 * The top-level discussions in `order`. Replies keep the order they came in whatever the
 * order, as a conversation reads forwards; only which discussion comes first changes.
 */
export function orderDiscussions<T>(
  discussions: readonly T[],
  order: DiscussionOrder,
): T[] {
  return order === "newest" ? [...discussions].reverse() : [...discussions];
}

/** The address parameters that keep `order` on links within the discussion. */
export function orderParams(order: DiscussionOrder): Record<string, string> {
  return order === "oldest" ? {} : { sort: order };
}
