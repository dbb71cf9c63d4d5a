import type { CommentState } from "./comment-states";

/** Who wrote a comment, as stored: an account, or for a guest the browser's signed id. */
export type Authorship = { userId: number | null; guestKey: string | null };

/**
 * Whether `viewer` wrote `comment`. A member's comment is theirs by account only: a shared
 * browser signed out is not the member. A guest's comment is theirs by the browser it came from.
 */
export function isAuthor(comment: Authorship, viewer: Authorship): boolean {
  if (comment.userId !== null) return comment.userId === viewer.userId;
  return comment.guestKey !== null && comment.guestKey === viewer.guestKey;
}

/** States whose text its author may still change or take down. */
const CHANGEABLE_STATES: readonly CommentState[] = ["published", "pending"];

export type AuthorChange = "edit" | "delete";

/** The comment a change is asked for, as the rules need it. */
export type ChangeTarget = Authorship & {
  state: CommentState;
  createdAt: Date;
};

/** Until when a comment posted at `createdAt` may be edited. */
export function editableUntil(createdAt: Date, windowMinutes: number): Date {
  return new Date(createdAt.getTime() + windowMinutes * 60_000);
}

/**
 * Why `viewer` may not make `change` to `comment` now, in the site's words, or null when they
 * may. Editing is open for `editWindowMinutes` after posting, so a reply is not left answering
 * words that changed long after; deleting is open for as long as the comment is up.
 */
export function authorChangeRefusal(
  change: AuthorChange,
  comment: ChangeTarget,
  viewer: Authorship,
  editWindowMinutes: number,
  now: Date,
): { status: 403 | 409; message: string } | null {
  if (!isAuthor(comment, viewer))
    return {
      status: 403,
      message:
        change === "edit"
          ? "Only the person who wrote this comment can edit it."
          : "Only the person who wrote this comment can delete it.",
    };
  if (!CHANGEABLE_STATES.includes(comment.state))
    return {
      status: 409,
      message: "This comment cannot be changed any more: it is no longer up.",
    };
  if (
    change === "edit" &&
    now.getTime() >=
      editableUntil(comment.createdAt, editWindowMinutes).getTime()
  )
    return {
      status: 409,
      message:
        editWindowMinutes === 0
          ? "Comments cannot be edited on this site. You can still delete it."
          : `Comments can be edited for ${editWindowMinutes} minute${editWindowMinutes === 1 ? "" : "s"} after posting, and that time is over. You can still delete it.`,
    };
  return null;
}
