import { and, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { comments, posts } from "../../../db/schema";
import { serverNow } from "../../platform/clock.server";
import { db } from "../../platform/db.server";
import { startOfDate } from "../../domain/dates";
import {
  listArchiveMonths,
  listedAt,
  listPosts,
  listTopics,
  type PostFilter,
  type PostSummary,
} from "../posts/post.server";

/** How many entries a feed carries: readers poll often, so the newest are enough. */
export const FEED_SIZE = 50;

export type FeedPost = PostSummary & {
  bodyHtml: string;
  /** Midnight UTC of the post's date. */
  published: Date;
  /** Its date, or when its file was last changed after it was first indexed. */
  updated: Date;
};

// The sync stamps a new row's created_at (whole seconds, by SQLite) and updated_at (by the
// server) a moment apart; only a change well after the first indexing counts as an edit.
const EDIT_AFTER_MS = 60_000;

/**
 * When a post last changed, for feeds and the sitemap: its date, unless its file changed after
 * it was first indexed. A fresh database indexes every post at once, and that is no news.
 */
function lastChanged(row: {
  date: string;
  createdAt: Date;
  updatedAt: Date;
}): Date {
  const published = startOfDate(row.date);
  const edited =
    row.updatedAt.getTime() - row.createdAt.getTime() >= EDIT_AFTER_MS &&
    row.updatedAt.getTime() > published.getTime();
  return edited ? row.updatedAt : published;
}

/**
 * The newest published posts of a listing with their tags and bodies, newest first. Reuses the
 * listing query, then reads the bodies of that page: four queries whatever the number of posts.
 */
export function listFeedPosts(
  filter: PostFilter,
  limit: number = FEED_SIZE,
): FeedPost[] {
  const { posts: summaries } = listPosts(filter, { page: 1, perPage: limit });
  if (summaries.length === 0) return [];
  const bodies = new Map(
    db()
      .select({
        id: posts.id,
        bodyHtml: posts.bodyHtml,
        createdAt: posts.createdAt,
        updatedAt: posts.updatedAt,
      })
      .from(posts)
      .where(
        and(
          eq(posts.status, "published"),
          inArray(
            posts.id,
            summaries.map((post) => post.id),
          ),
        ),
      )
      .all()
      .map((row) => [row.id, row]),
  );
  return summaries.flatMap((summary) => {
    const body = bodies.get(summary.id);
    if (!body) return [];
    return [
      {
        ...summary,
        bodyHtml: body.bodyHtml,
        published: startOfDate(summary.date),
        updated: lastChanged({ date: summary.date, ...body }),
      },
    ];
  });
}

export type FeedComment = {
  id: number;
  number: number;
  authorName: string | null;
  bodyHtml: string;
  publishedAt: Date;
};

/**
 * The newest published comments of a post, newest first: one query. Only `published`: a pending,
 * rejected, spam, removed or deleted comment never reaches a feed, not even as a placeholder.
 */
export function listFeedComments(
  postId: number,
  limit: number = FEED_SIZE,
): FeedComment[] {
  return db()
    .select({
      id: comments.id,
      number: comments.number,
      authorName: comments.authorName,
      bodyHtml: comments.bodyHtml,
      publishedAt: comments.publishedAt,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .where(
      and(
        eq(comments.postId, postId),
        eq(comments.state, "published"),
        isNotNull(comments.number),
      ),
    )
    .orderBy(desc(comments.number))
    .limit(limit)
    .all()
    .map(({ createdAt, publishedAt, number, ...comment }) => ({
      ...comment,
      number: number!,
      publishedAt: publishedAt ?? createdAt,
    }));
}

export type SitemapContent = {
  posts: { slug: string; updated: Date }[];
  tagSlugs: string[];
  areaSlugs: string[];
  months: string[];
};

/** Every published post with its last change, and the tags, areas and months: four queries. */
export function getSitemapContent(now: Date = serverNow()): SitemapContent {
  const rows = db()
    .select({
      slug: posts.slug,
      date: posts.date,
      createdAt: posts.createdAt,
      updatedAt: posts.updatedAt,
    })
    .from(posts)
    .where(listedAt(now))
    .orderBy(desc(posts.date), desc(posts.id))
    .all();
  const { tags, areas } = listTopics(now);
  return {
    posts: rows.map((row) => ({ slug: row.slug, updated: lastChanged(row) })),
    tagSlugs: tags.map((tag) => tag.tagSlug),
    areaSlugs: areas.map((area) => area.areaSlug),
    months: listArchiveMonths(now).map((month) => month.month),
  };
}
