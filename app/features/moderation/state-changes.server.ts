import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Tx } from "../../../db/client.server";
import { comments, reports } from "../../../db/schema";
import {
  MODERATION_ACTIONS,
  nextState,
  type CommentState,
  type ModerationAction,
} from "~/domain/comment-states";
import type { PosterClass } from "~/domain/moderation-policy";
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
): void {
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
  logDecision(tx, log.actor, now, {
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

/**
 * What a decision causes beyond the comment itself, run in its transaction. Given by the caller,
 * as the capabilities that react (notify) stand above moderation.
 */
export type DecisionEffects = {
  /** A comment published for the first time (a held one approved): followers are told. */
  firstPublished?: (tx: Tx, commentId: number, now: Date) => void;
};

/**
 * A moderator's decision on one or more comments. Comments the action does not apply to
 * (already decided by someone else, or in another state) are left alone; returns how many moved.
 */
export function moderateComments(
  commentIds: readonly number[],
  action: ModerationAction,
  actor: Actor,
  note: string | null,
  now: Date,
  effects: DecisionEffects = {},
): number {
  if (commentIds.length === 0) return 0;
  return db().transaction(
    (tx) => {
      let moved = 0;
      // The spam score learns from this decision in the same transaction: approving a held
      // comment is "not spam", marking one as spam is "spam". Nothing undecided is ever read.
      const learned: { text: string; label: SpamLabel }[] = [];
      const rows = tx
        .select({ ...transitionColumns, bodyMarkdown: comments.bodyMarkdown })
        .from(comments)
        .where(inArray(comments.id, [...commentIds]))
        .all();
      for (const comment of rows) {
        const to = nextState(comment.state, action);
        if (to === null) continue;
        transition(
          tx,
          comment,
          to,
          { actor, action: MODERATION_ACTIONS[action].logged, note },
          now,
        );
        if (to === "published" && comment.number === null)
          effects.firstPublished?.(tx, comment.id, now);
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
        moved += 1;
      }
      learnFromDecisions(tx, learned, now);
      return moved;
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
