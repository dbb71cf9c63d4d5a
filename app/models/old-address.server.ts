import { and, eq } from "drizzle-orm";
import { oldAddresses, posts } from "../../db/schema";
import { oldAddressKey } from "../domain/old-address";
import { db } from "../utils/db.server";

/**
 * Where an imported blog's old address now lives ("/posts/<slug>"), or null: one indexed
 * query, asked only by addresses no other page claims.
 */
export function findMovedPost(url: URL): string | null {
  const key = oldAddressKey(`${url.pathname}${url.search}`);
  if (key === null) return null;
  const row = db()
    .select({ slug: posts.slug })
    .from(oldAddresses)
    .innerJoin(posts, eq(posts.id, oldAddresses.postId))
    .where(and(eq(oldAddresses.path, key), eq(posts.status, "published")))
    .get();
  return row ? `/posts/${row.slug}` : null;
}
