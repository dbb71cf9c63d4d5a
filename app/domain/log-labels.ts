/** What each kind of moderation log entry says on the desk: people read the log, not codes. */
const LOG_ACTION_LABELS: Record<string, string> = {
  "comment.published": "Comment published",
  "comment.held": "Comment held for a moderator",
  "comment.refused": "Comment refused",
  "comment.approved": "Comment approved",
  "comment.rejected": "Comment rejected",
  "comment.marked-spam": "Comment marked as spam",
  "comment.removed": "Comment removed",
  "comment.restored": "Comment restored",
  "comment.reject-undone": "Rejection undone",
  "comment.spam-undone": "Spam marking undone",
  "comment.remove-undone": "Removal undone",
  "comment.reported": "Comment reported",
  "comment.edited": "Comment edited",
  "comment.edit-held": "Edited comment held",
  "comment.edit-refused": "Edit refused",
  "comment.deleted": "Comment deleted by its author",
  "comment.imported": "Comment imported",
  "reports.alert": "Reports sent a comment back",
  "reports.dismissed": "Reports dismissed",
  "ban.created": "Ban made",
  "ban.lifted": "Ban lifted",
  "member.verified": "Member verified",
  "member.unverified": "Member no longer verified",
  "member.role": "Member's role changed",
  "settings.changed": "Settings changed",
  "post.published": "Post published",
  "post.scheduled": "Post scheduled",
  "post.edited": "Post edited",
  "post.drafted": "Post saved as a draft",
  "post.unpublished": "Post unpublished",
  "post.restored": "Earlier version of a post restored",
  "post.deleted": "Post moved to the trash",
};

/** "comment.marked-spam" → "Comment marked as spam"; a code without a label still reads as words. */
export function logActionLabel(action: string): string {
  const label = LOG_ACTION_LABELS[action];
  if (label !== undefined) return label;
  const words = action.replace(/[.-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The codes with a label, for a test that every code the app writes has one. */
export const LABELLED_LOG_ACTIONS = Object.keys(LOG_ACTION_LABELS);
