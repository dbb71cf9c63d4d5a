import type { RoleName } from "./permissions";
import { mayActOn } from "./permissions";
import type { CommentState, ModerationAction } from "./comment-states";

/** How long after a Reject, Spam or Remove the desk offers to undo it. */
export const UNDO_WINDOW_MINUTES = 10;

/** The decisions that can be undone, and the log code each undo is written as. */
export const UNDO_LOGGED = {
  reject: "comment.reject-undone",
  spam: "comment.spam-undone",
  remove: "comment.remove-undone",
} as const satisfies Partial<Record<ModerationAction, string>>;

export type UndoableAction = keyof typeof UNDO_LOGGED;

export function isUndoable(action: ModerationAction): action is UndoableAction {
  return action in UNDO_LOGGED;
}

/**
 * What the desk needs to undo one decision on several comments: the action, the run of log rows
 * it wrote (one transaction writes them one after another), when, and which comments were
 * published before a Spam (the others were held).
 */
export type UndoTicket = {
  action: UndoableAction;
  firstLogId: number;
  lastLogId: number;
  actedAt: number;
  fromPublished: readonly number[];
};

/** The ticket as one address parameter: "spam.12.19.1764750000000.4-7". */
export function encodeUndoTicket(ticket: UndoTicket): string {
  return [
    ticket.action,
    ticket.firstLogId,
    ticket.lastLogId,
    ticket.actedAt,
    ticket.fromPublished.join("-"),
  ].join(".");
}

const WHOLE = /^\d{1,15}$/;

/** The ticket from its parameter; null for anything this site did not write. */
export function parseUndoTicket(value: string | null): UndoTicket | null {
  if (value === null) return null;
  const [action, first, last, at, published, ...rest] = value.split(".");
  if (
    rest.length > 0 ||
    action === undefined ||
    !(action in UNDO_LOGGED) ||
    !WHOLE.test(first ?? "") ||
    !WHOLE.test(last ?? "") ||
    !WHOLE.test(at ?? "") ||
    published === undefined ||
    (published !== "" && !/^\d{1,15}(-\d{1,15})*$/.test(published))
  ) {
    return null;
  }
  const firstLogId = Number(first);
  const lastLogId = Number(last);
  if (firstLogId < 1 || lastLogId < firstLogId) return null;
  return {
    action: action as UndoableAction,
    firstLogId,
    lastLogId,
    actedAt: Number(at),
    fromPublished: published === "" ? [] : published.split("-").map(Number),
  };
}

/** Whether the Undo for a decision made at `actedAt` is still offered at `now`. */
export function undoWindowOpen(actedAt: Date, now: Date): boolean {
  const age = now.getTime() - actedAt.getTime();
  return age >= 0 && age <= UNDO_WINDOW_MINUTES * 60_000;
}

/** The state an undo puts a comment back in: where the decision found it. */
export function stateBefore(
  action: UndoableAction,
  wasPublished: boolean,
): CommentState {
  if (action === "reject") return "pending";
  if (action === "remove") return "published";
  return wasPublished ? "published" : "pending";
}

/** The state the decision left the comment in. */
export const STATE_AFTER: Record<UndoableAction, CommentState> = {
  reject: "rejected",
  spam: "spam",
  remove: "removed",
};

export type UndoRefusal = "expired" | "not-yours" | "changed";

/**
 * Whether one decision on one comment may be undone at `now`, by `undoer`: within the window,
 * by the moderator who made it or someone of higher rank, and only while the comment is as the
 * decision left it (still in that state, and the decision still its latest log entry).
 */
export function undoRefusal({
  now,
  actedAt,
  undoer,
  actedBy,
  state,
  action,
  latestLogId,
  logId,
}: {
  now: Date;
  actedAt: Date;
  undoer: { userId: number | null; role: RoleName };
  /** The account that decided; its role now (null when the account is gone). */
  actedBy: { userId: number | null; role: RoleName | null };
  state: CommentState;
  action: UndoableAction;
  latestLogId: number;
  logId: number;
}): UndoRefusal | null {
  if (!undoWindowOpen(actedAt, now)) return "expired";
  const same = undoer.userId !== null && undoer.userId === actedBy.userId;
  // An account that is gone counts as a moderator: an admin may still undo its decision.
  const higher = mayActOn(undoer.role, actedBy.role ?? "moderator");
  if (!same && !higher) return "not-yours";
  if (state !== STATE_AFTER[action] || latestLogId !== logId) return "changed";
  return null;
}

const WHERE_BACK: Record<UndoableAction, string> = {
  reject: "back in the queue",
  spam: "back where they were",
  remove: "published again",
};

/** The desk's notice after an Undo, in the site's words. */
export function undoNotice(
  action: UndoableAction,
  outcome: {
    undone: number;
    leftAsTheyAre: readonly { authorName: string | null; postTitle: string }[];
    refused: "expired" | "not-yours" | null;
  },
): string {
  if (outcome.refused === "expired") {
    return `Too late to undo: an Undo is offered for ${UNDO_WINDOW_MINUTES} minutes. Find the comments with the queue's Show filter and restore them there.`;
  }
  if (outcome.refused === "not-yours") {
    return "Only the moderator who made that decision, or someone of higher rank, can undo it.";
  }
  const { undone, leftAsTheyAre: left } = outcome;
  const done =
    undone === 0
      ? "Nothing was undone."
      : `Undone: ${undone === 1 ? "1 comment is" : `${undone} comments are`} ${WHERE_BACK[action].replace("they were", undone === 1 ? "it was" : "they were")}.`;
  if (left.length === 0) return done;
  const shown = left
    .slice(0, 5)
    .map((item) => `${item.authorName ?? "Anonymous"} on “${item.postTitle}”`);
  const more = left.length > 5 ? ` and ${left.length - 5} more` : "";
  const verb =
    left.length === 1
      ? "1 had changed since, so was left as it is"
      : `${left.length} had changed since, so were left as they are`;
  return `${done} ${verb}: ${shown.join("; ")}${more}.`;
}
