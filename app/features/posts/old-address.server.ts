import { and, eq, isNotNull, max } from "drizzle-orm";
import {
  comments,
  importOrigins,
  oldAddresses,
  posts,
} from "../../../db/schema";
import { oldFragmentsLand, PREFER_OLD_ANCHORS } from "../../domain/old-anchors";
import { oldAddressKey } from "../../domain/old-address";
import { commentPath } from "../../domain/thread";
import { listedAt } from "./post.server";
import { serverNow } from "../../platform/clock.server";
import { db } from "../../platform/db.server";

/**
 * Where an imported blog's old address now lives, or null: asked only by addresses no other
 * page claims. A Blogger comment link (?showComment=<its time in ms>) goes to that comment.
 * Otherwise the post, without a fragment: the browser keeps the old link's ("#c2001",
 * "#comment-12"), and the post page draws those old ids on the imported comments (decision 065).
 * When one of them is also an id of Lookout's own (WordPress's "#comment-12", its comment id,
 * on a post with a comment number 12), at `?old=1`, where the old ids win.
 */
export function findMovedPost(url: URL): string | null {
  const key = oldAddressKey(`${url.pathname}${url.search}`);
  if (key === null) return null;
  const post = db()
    .select({ id: posts.id, slug: posts.slug })
    .from(oldAddresses)
    .innerJoin(posts, eq(posts.id, oldAddresses.postId))
    .where(and(eq(oldAddresses.path, key), listedAt(serverNow())))
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
  return oldFragmentsLand(importedOrigins(post.id), highestNumber(post.id))
    ? `/posts/${post.slug}`
    : `/posts/${post.slug}?${PREFER_OLD_ANCHORS}=1`;
}

/** What the post's imported comments were called in the old system. */
function importedOrigins(postId: number): string[] {
  return db()
    .select({ origin: importOrigins.origin })
    .from(comments)
    .innerJoin(
      importOrigins,
      and(
        eq(importOrigins.localId, comments.id),
        eq(importOrigins.kind, "comment"),
      ),
    )
    .where(eq(comments.postId, postId))
    .all()
    .map((row) => row.origin);
}

function highestNumber(postId: number): number {
  return (
    db()
      .select({ highest: max(comments.number) })
      .from(comments)
      .where(eq(comments.postId, postId))
      .get()?.highest ?? 0
  );
}

/**
 * Where a post renamed at the writing desk now lives, for a request to its old address
 * `/posts/<slug>…`, or null: when no post has that slug now and the address was left behind by
 * a rename of a post readers see. Two indexed queries.
 */
export function findRenamedPost(
  slug: string,
  now = serverNow(),
): string | null {
  const holder = db()
    .select({ id: posts.id })
    .from(posts)
    .where(eq(posts.slug, slug))
    .get();
  if (holder) return null;
  const row = db()
    .select({ slug: posts.slug })
    .from(oldAddresses)
    .innerJoin(posts, eq(posts.id, oldAddresses.postId))
    .where(and(eq(oldAddresses.path, `/posts/${slug}`), listedAt(now)))
    .get();
  return row && row.slug !== slug ? row.slug : null;
}
