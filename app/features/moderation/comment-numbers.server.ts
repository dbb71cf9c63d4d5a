import { sql, eq } from "drizzle-orm";
import { asStored, preparedOnce, type Tx } from "../../../db/client.server";
import { comments, posts } from "../../../db/schema";

/** The number the next published comment of a post takes: comments keep theirs for good. */
export function nextCommentNumber(tx: Tx, postId: number): number {
  const row = lastNumber(tx).get({ postId });
  return (row?.last ?? 0) + 1;
}

const lastNumber = preparedOnce((database) =>
  database
    .select({ last: sql<number | null>`max(${comments.number})` })
    .from(comments)
    .where(eq(comments.postId, asStored("postId")))
    .prepare(),
);

/** Keeps a post's count of published comments in step with a change of state. */
export function adjustPublishedCount(
  tx: Tx,
  postId: number,
  delta: number,
): void {
  addToPublishedCount(tx).run({ postId, delta });
}

const addToPublishedCount = preparedOnce((database) =>
  database
    .update(posts)
    .set({
      publishedCommentCount: sql`${posts.publishedCommentCount} + ${asStored("delta")}`,
    })
    .where(eq(posts.id, asStored("postId")))
    .prepare(),
);
