export const COMMENT_STATES = [
  "published",
  "pending",
  "rejected",
  "spam",
  "removed",
  "deleted",
] as const;
export type CommentState = (typeof COMMENT_STATES)[number];

/** States whose comment readers see in the thread: the comment itself, or a placeholder. */
export const VISIBLE_STATES = [
  "published",
  "removed",
  "deleted",
] as const satisfies readonly CommentState[];

/** What readers see instead of a taken-down comment that still has replies. */
export const PLACEHOLDER_TEXT: Partial<Record<CommentState, string>> = {
  removed: "This comment was removed by a moderator.",
  deleted: "This comment was deleted by its author.",
};
