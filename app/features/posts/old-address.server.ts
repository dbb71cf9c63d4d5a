import { and, eq, isNotNull } from "drizzle-orm";
import { comments, oldAddresses, posts } from "../../../db/schema";
import { oldAddressKey } from "../../domain/old-address";
import { commentPath } from "../../domain/thread";
import { listedAt } from "./post.server";
import { db } from "../../platform/db.server";

/**
 * Where an imported blog's old address now lives, or null: asked only by addresses no other
 * page claims. A Blogger comment link (?showComment=<its time in ms>) goes to that comment.
 * Otherwise the post, at "#main": a redirect without a fragment would keep the old link's, and
 * WordPress's "#comment-12" (its comment id) would land on Lookout's comment number 12.
 */
export function findMovedPost(url: URL): string | null {
  const key = oldAddressKey(`${url.pathname}${url.search}`);
  if (key === null) return null;
  const post = db()
    .select({ id: posts.id, slug: posts.slug })
    .from(oldAddresses)
    .innerJoin(posts, eq(posts.id, oldAddresses.postId))
    .where(and(eq(oldAddresses.path, key), listedAt(new Date())))
    .get();
  if (!post) return null;
  const shownAt = url.searchParams.get("showComment") ?? "";
  if (/^\d{1,15}$/.test(shownAt)) {
    const comment = db()
      .select({ number: comments.number })
      .from(comments)
      .where(
        and(
          eq(comments.postId, post.id),
          eq(comments.createdAt, new Date(Number(shownAt))),
          eq(comments.state, "published"),
          isNotNull(comments.number),
        ),
      )
      .get();
    if (comment?.number != null) return commentPath(post.slug, comment.number);
  }
  return `/posts/${post.slug}#main`;
}
