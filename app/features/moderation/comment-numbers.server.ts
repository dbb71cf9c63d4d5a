import { sql, eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.server";
import { comments, posts } from "../../../db/schema";

/** The number the next published comment of a post takes: comments keep theirs for good. */
export function nextCommentNumber(tx: Tx, postId: number): number {
  const row = tx
    .select({ last: sql<number | null>`max(${comments.number})` })
    .from(comments)
    .where(eq(comments.postId, postId))
    .get();
  return (row?.last ?? 0) + 1;
}

/** Keeps a post's count of published comments in step with a change of state. */
export function adjustPublishedCount(
  tx: Tx,
  postId: number,
  delta: number,
): void {
  tx.update(posts)
    .set({
      publishedCommentCount: sql`${posts.publishedCommentCount} + ${delta}`,
    })
    .where(eq(posts.id, postId))
    .run();
}
