import { asc, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../../db/client.server";
import { comments, commentVersions } from "../../../db/schema";
import { db } from "~/platform/db.server";

/** A comment's text before one of its author's edits. */
export type EarlierVersion = { bodyHtml: string; replacedAt: Date };

/**
 * The earlier versions of the comments a desk page lists, oldest first, by comment id: one
 * query for the whole page. Only moderators' pages read them.
 */
export function earlierVersionsOf(
  commentIds: readonly number[],
): Record<number, EarlierVersion[]> {
  const byComment: Record<number, EarlierVersion[]> = {};
  if (commentIds.length === 0) return byComment;
  const rows = db()
    .select({
      commentId: commentVersions.commentId,
      bodyHtml: commentVersions.bodyHtml,
      replacedAt: commentVersions.replacedAt,
    })
    .from(commentVersions)
    .where(inArray(commentVersions.commentId, [...commentIds]))
    .orderBy(asc(commentVersions.id))
    .all();
  for (const { commentId, ...version } of rows)
    (byComment[commentId] ??= []).push(version);
  return byComment;
}

/** Erases the earlier versions of every comment of an account, as its comments' text goes. */
export function eraseVersionsOfAccount(tx: Tx, userId: number): void {
  tx.delete(commentVersions)
    .where(
      inArray(
        commentVersions.commentId,
        tx
          .select({ id: comments.id })
          .from(comments)
          .where(eq(comments.userId, userId)),
      ),
    )
    .run();
}
