import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../../../db/client.server";
import { comments, reports, users } from "../../../db/schema";
import {
  MODERATION_ACTIONS,
  nextState,
  type CommentState,
  type ModerationAction,
} from "~/domain/comment-states";
import type { PosterClass } from "~/domain/moderation-policy";
import { mayActOn, type RoleName } from "~/domain/permissions";
import { isUndoable, type UndoTicket } from "~/domain/undo";
import {
  logDecision,
  type Actor,
} from "~/features/moderation/moderation.server";
import { learnFromDecisions } from "~/features/safety/spam-model.server";
import type { SpamLabel } from "~/domain/spam-score";
import { db } from "~/platform/db.server";
import {
  adjustPublishedCount,
  nextCommentNumber,
} from "./comment-numbers.server";

/** Moves one comment to a new state, keeping its post's count and number right, and logs it. */
export function transition(
  tx: Tx,
  comment: {
    id: number;
    postId: number;
    state: CommentState;
    number: number | null;
    posterClass: PosterClass;
  },
  to: CommentState,
  log: { actor: Actor; action: string; note: string | null },
  now: Date,
): number {
  const publishing = to === "published";
  tx.update(comments)
    .set({
      state: to,
      // A comment keeps the number it was first published with.
      number: publishing
        ? (comment.number ?? nextCommentNumber(tx, comment.postId))
        : comment.number,
      publishedAt: publishing && comment.number === null ? now : undefined,
      updatedAt: now,
    })
    .where(eq(comments.id, comment.id))
    .run();
  const delta = Number(publishing) - Number(comment.state === "published");
  if (delta !== 0) adjustPublishedCount(tx, comment.postId, delta);
  return logDecision(tx, log.actor, now, {
    action: log.action,
    commentId: comment.id,
    postId: comment.postId,
    posterClass: comment.posterClass,
    note: log.note,
  });
}

export const transitionColumns = {
  id: comments.id,
  postId: comments.postId,
  state: comments.state,
  number: comments.number,
  posterClass: comments.posterClass,
};

/** One comment a decision moved, for what the change causes elsewhere (a notice to its poster). */
export type StateChange = {
  commentId: number;
  from: CommentState;
  to: CommentState;
  /** Published for the first time (a held comment approved): its followers are told. */
  firstPublished: boolean;
};

/**
 * Called in the decision's transaction with every comment it moved, so what they cause commits
 * with them (the notify capability's, which this one cannot import).
 */
export type OnStateChanges = (
  tx: Tx,
  changes: StateChange[],
  now: Date,
) => void;

/**
 * A moderator's decision on one or more comments. Comments the action does not apply to
 * (already decided by someone else, or in another state) are left alone; returns how many moved.
 * Callers go through notify's decideAndTellPosters, which passes onStateChanges to tell posters.
 */
export function moderateComments(
  commentIds: readonly number[],
  action: ModerationAction,
  actor: Actor,
  note: string | null,
  now: Date,
  onStateChanges: OnStateChanges = () => {},
): number {
  return decideComments(commentIds, action, actor, note, now, onStateChanges)
    .moved;
}

export type DecisionResult = {
  moved: number;
  undo: UndoTicket | null;
  /** Comments by someone of the actor's role or higher: left as they are. */
  outranked: number;
};

/**
 * The same decision, with what the desk needs to offer its Undo: for a Reject, Spam or Remove
 * that moved anything, the run of log rows it wrote (see app/domain/undo.ts). An actor with a
 * role acts only on comments of people of a lower role (or of guests).
 */
export function decideComments(
  commentIds: readonly number[],
  action: ModerationAction,
  actor: Actor & { role?: RoleName },
  note: string | null,
  now: Date,
  onStateChanges: OnStateChanges = () => {},
): DecisionResult {
  if (commentIds.length === 0) return { moved: 0, undo: null, outranked: 0 };
  return db().transaction(
    (tx) => {
      const logIds: number[] = [];
      const fromPublished: number[] = [];
      const changes: StateChange[] = [];
      // The spam score learns from this decision in the same transaction: approving a held
      // comment is "not spam", marking one as spam is "spam". Nothing undecided is ever read.
      const learned: { text: string; label: SpamLabel }[] = [];
      const rows = tx
        .select({
          ...transitionColumns,
          bodyMarkdown: comments.bodyMarkdown,
          authorRole: users.role,
        })
        .from(comments)
        .leftJoin(users, eq(users.id, comments.userId))
        .where(inArray(comments.id, [...commentIds]))
        .orderBy(asc(comments.id))
        .all();
      let outranked = 0;
      for (const comment of rows) {
        const to = nextState(comment.state, action);
        if (to === null) continue;
        if (
          actor.role !== undefined &&
          comment.authorRole !== null &&
          !mayActOn(actor.role, comment.authorRole)
        ) {
          outranked += 1;
          continue;
        }
        if (comment.state === "published") fromPublished.push(comment.id);
        logIds.push(
          transition(
            tx,
            comment,
            to,
            { actor, action: MODERATION_ACTIONS[action].logged, note },
            now,
          ),
        );
        if (to === "published") {
          // Publishing it again is the answer to its open reports: they must not count twice.
          tx.update(reports)
            .set({ dismissedAt: now, dismissedBy: actor.userId })
            .where(
              and(
                eq(reports.commentId, comment.id),
                isNull(reports.dismissedAt),
              ),
            )
            .run();
        }
        if (action === "approve" || action === "spam") {
          learned.push({
            text: comment.bodyMarkdown,
            label: action === "spam" ? "spam" : "ham",
          });
        }
        changes.push({
          commentId: comment.id,
          from: comment.state,
          to,
          firstPublished: to === "published" && comment.number === null,
        });
      }
      learnFromDecisions(tx, learned, now);
      if (changes.length > 0) onStateChanges(tx, changes, now);
      const moved = logIds.length;
      const undo =
        moved > 0 && isUndoable(action)
          ? {
              action,
              // One immediate transaction writes its log rows one after another.
              firstLogId: Math.min(...logIds),
              lastLogId: Math.max(...logIds),
              actedAt: now.getTime(),
              fromPublished: action === "spam" ? fromPublished : [],
            }
          : null;
      return { moved, undo, outranked };
    },
    { behavior: "immediate" },
  );
}

/** Publishes a held comment. */
export function approveComment(
  commentId: number,
  actor: Actor,
  now: Date,
): boolean {
  return moderateComments([commentId], "approve", actor, null, now) === 1;
}
