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

/** What a moderator can do to a comment, from which states, and the state it leaves it in. */
export const MODERATION_ACTIONS = {
  approve: { from: ["pending"], to: "published", logged: "comment.approved" },
  reject: { from: ["pending"], to: "rejected", logged: "comment.rejected" },
  spam: {
    from: ["pending", "published"],
    to: "spam",
    logged: "comment.marked-spam",
  },
  remove: { from: ["published"], to: "removed", logged: "comment.removed" },
  // A rejected or spam comment can be found on the desk and restored later, like a removed one.
  restore: {
    from: ["removed", "rejected", "spam"],
    to: "published",
    logged: "comment.restored",
  },
} as const satisfies Record<
  string,
  { from: readonly CommentState[]; to: CommentState; logged: string }
>;

export type ModerationAction = keyof typeof MODERATION_ACTIONS;
export const MODERATION_ACTION_NAMES = Object.keys(
  MODERATION_ACTIONS,
) as ModerationAction[];

/** The state a comment moves to, or null when the action does not apply to its state. */
export function nextState(
  state: CommentState,
  action: ModerationAction,
): CommentState | null {
  const rule = MODERATION_ACTIONS[action];
  return (rule.from as readonly CommentState[]).includes(state)
    ? rule.to
    : null;
}
