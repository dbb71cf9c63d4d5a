import { z } from "zod";
import { nextState, type ModerationAction } from "./comment-states";

/** What the desk's queue shows: comments in one state, optionally from one poster class, on one post. */
export type QueueFilter = {
  state: "pending" | "removed" | "rejected" | "spam";
  posterClass: "anonymous" | "named" | "member" | null;
  postId: number | null;
};

const filterSchema = z.object({
  state: z.enum(["pending", "removed", "rejected", "spam"]).catch("pending"),
  posterClass: z.enum(["anonymous", "named", "member"]).nullable().catch(null),
  postId: z.coerce.number().int().positive().nullable().catch(null),
});

/** The filter from the queue's address (`state`, `class`, `post`); anything unknown is left out. */
export function queueFilterFrom(search: URLSearchParams): QueueFilter {
  return filterSchema.parse({
    state: search.get("state"),
    posterClass: search.get("class") || null,
    postId: search.get("post") || null,
  });
}

/** The filter as the queue's search parameters, the inverse of queueFilterFrom. */
export function queueFilterParams(filter: QueueFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.state !== "pending") params.set("state", filter.state);
  if (filter.posterClass) params.set("class", filter.posterClass);
  if (filter.postId !== null) params.set("post", String(filter.postId));
  return params;
}

/** The queue's address for these filters, from the first page. */
export function queueHref(basePath: string, filter: QueueFilter): string {
  const query = queueFilterParams(filter).toString();
  return query ? `${basePath}?${query}` : basePath;
}

/** The decisions the queue offers for the comments a filter shows. */
export function queueActions(filter: QueueFilter): ModerationAction[] {
  return filter.state === "pending"
    ? ["approve", "reject", "spam"]
    : ["restore"];
}

/** Whether `action` applies to the comments this filter shows. */
export function actionFitsFilter(
  action: ModerationAction,
  filter: QueueFilter,
): boolean {
  return nextState(filter.state, action) !== null;
}

const STATE_WORDS: Record<QueueFilter["state"], [string, string]> = {
  pending: ["held comment", "held comments"],
  removed: ["removed comment", "removed comments"],
  rejected: ["rejected comment", "rejected comments"],
  spam: ["spam comment", "spam comments"],
};

const CLASS_WORDS: Record<NonNullable<QueueFilter["posterClass"]>, string> = {
  anonymous: "from anonymous posters",
  named: "from named guests",
  member: "from members",
};

/**
 * The filter in the desk's words, for a count: "37 held comments from anonymous posters on
 * “Bike thefts”". A post that does not exist is named by its number.
 */
export function describeQueueFilter(
  filter: QueueFilter,
  count: number,
  postTitle: string | null,
): string {
  const [one, many] = STATE_WORDS[filter.state];
  const parts = [`${count} ${count === 1 ? one : many}`];
  if (filter.posterClass) parts.push(CLASS_WORDS[filter.posterClass]);
  if (filter.postId !== null) {
    parts.push(postTitle ? `on “${postTitle}”` : `on post ${filter.postId}`);
  }
  return parts.join(" ");
}

/** At most this many comments are acted on by one "everything matching" decision. */
export const MATCHING_LIMIT = 500;
