import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  lte,
  inArray,
  isNull,
  lt,
  or,
  sql,
  type SQL,
} from "drizzle-orm";
import { asStored, preparedOnce } from "../../../db/client.server";
import { posts, postTags } from "../../../db/schema";
import { lastListedDate, lastListedTime } from "../../domain/scheduling";
import { serverNow } from "../../platform/clock.server";
import { db } from "../../platform/db.server";

export type TagRef = { tag: string; tagSlug: string };

export type PostSummary = {
  id: number;
  slug: string;
  title: string;
  date: string;
  author: string;
  summary: string;
  area: string | null;
  areaSlug: string | null;
  commentCount: number;
  tags: TagRef[];
};

/** Which published posts a listing shows. */
export type PostFilter =
  | { kind: "all" }
  | { kind: "tag"; tagSlug: string }
  | { kind: "area"; areaSlug: string }
  | { kind: "dates"; from: string; until: string };

/**
 * What readers see at `now`: published posts whose date, and time of day when it has one, has
 * begun (`isListed` in app/domain/scheduling.ts, as SQL). A future-dated post waits, whoever
 * wrote its file.
 */
export function listedAt(now: Date): SQL {
  return listedBy(lastListedDate(now), lastListedTime(now));
}

/**
 * `listedAt` for a query prepared once: its date and time are the placeholders `listedDate`
 * and `listedTime`, whose values `listedValues(now)` gives.
 */
export function listedAtPlaceholders(): SQL {
  return listedBy(asStored("listedDate"), asStored("listedTime"));
}

export function listedValues(now: Date): {
  listedDate: string;
  listedTime: string;
} {
  return { listedDate: lastListedDate(now), listedTime: lastListedTime(now) };
}

function listedBy(today: string | SQL, lastTime: string | SQL): SQL {
  return and(
    eq(posts.status, "published"),
    lte(posts.date, today),
    or(lt(posts.date, today), isNull(posts.time), lte(posts.time, lastTime)),
  )!;
}
const newestFirst = [desc(posts.date), desc(posts.id)];

function filterCondition(filter: PostFilter, now: Date): SQL | undefined {
  const published = listedAt(now);
  switch (filter.kind) {
    case "all":
      return published;
    case "tag":
      return and(
        published,
        inArray(
          posts.id,
          db()
            .select({ id: postTags.postId })
            .from(postTags)
            .where(eq(postTags.tagSlug, filter.tagSlug)),
        ),
      );
    case "area":
      return and(published, eq(posts.areaSlug, filter.areaSlug));
    case "dates":
      return and(
        published,
        gte(posts.date, filter.from),
        lt(posts.date, filter.until),
      );
  }
}

/** One page of published posts, newest first, with their tags: three queries whatever the page size. */
export function listPosts(
  filter: PostFilter,
  {
    page,
    perPage,
    now = serverNow(),
  }: { page: number; perPage: number; now?: Date },
): { posts: PostSummary[]; total: number } {
  const where = filterCondition(filter, now);
  const total =
    db().select({ total: count() }).from(posts).where(where).get()?.total ?? 0;
  const rows = db()
    .select({
      id: posts.id,
      slug: posts.slug,
      title: posts.title,
      date: posts.date,
      author: posts.author,
      summary: posts.summary,
      area: posts.area,
      areaSlug: posts.areaSlug,
      commentCount: posts.publishedCommentCount,
    })
    .from(posts)
    .where(where)
    .orderBy(...newestFirst)
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  const tags = tagsOf(rows.map((row) => row.id));
  return {
    total,
    posts: rows.map((row) => ({ ...row, tags: tags.get(row.id) ?? [] })),
  };
}

/** The tags of the posts whose ids are in `ids`, a JSON array: one statement for any number. */
const tagsByPost = preparedOnce((database) =>
  database
    .select({
      postId: postTags.postId,
      tag: postTags.tag,
      tagSlug: postTags.tagSlug,
    })
    .from(postTags)
    .where(
      sql`${postTags.postId} in (select value from json_each(${asStored("ids")}))`,
    )
    .orderBy(asc(postTags.postId), asc(postTags.position))
    .prepare(),
);

function tagsOf(postIds: number[]): Map<number, TagRef[]> {
  const byPost = new Map<number, TagRef[]>();
  if (postIds.length === 0) return byPost;
  const rows = tagsByPost(db()).all({ ids: JSON.stringify(postIds) });
  for (const { postId, ...tag } of rows) {
    const list = byPost.get(postId) ?? [];
    list.push(tag);
    byPost.set(postId, list);
  }
  return byPost;
}

export type PostPage = PostSummary & {
  bodyHtml: string;
  commentsMode: (typeof posts.$inferSelect)["commentsMode"];
  previous: { slug: string; title: string } | null;
  next: { slug: string; title: string } | null;
};

// A post page's queries, prepared once: it is the page drawn most often (see preparedOnce).
const publishedPostBySlug = preparedOnce((database) =>
  database
    .select()
    .from(posts)
    .where(and(listedAtPlaceholders(), eq(posts.slug, asStored("slug"))))
    .prepare(),
);

/**
 * The listed post just before or after a date and id, in date order. The pair's comparison
 * comes first: SQLite bounds its walk of posts_status_date_idx by the first bound it meets,
 * and the listing's own (dated today at most) made the walk cross every older post.
 */
const neighbourOf = preparedOnce((database, direction: "previous" | "next") => {
  const [date, id] = [asStored("date"), asStored("id")];
  const beside =
    direction === "previous"
      ? sql`(${posts.date}, ${posts.id}) < (${date}, ${id})`
      : sql`(${posts.date}, ${posts.id}) > (${date}, ${id})`;
  return database
    .select({ slug: posts.slug, title: posts.title })
    .from(posts)
    .where(and(beside, listedAtPlaceholders()))
    .orderBy(
      ...(direction === "previous"
        ? newestFirst
        : [asc(posts.date), asc(posts.id)]),
    )
    .limit(1)
    .prepare();
});

/** A published post with its neighbours in date order, or null when there is none. */
export function getPublishedPost(
  slug: string,
  now: Date = serverNow(),
): PostPage | null {
  const listed = listedValues(now);
  const post = publishedPostBySlug(db()).get({ ...listed, slug });
  if (!post) return null;
  const neighbour = (direction: "previous" | "next") =>
    neighbourOf(db(), direction).get({
      ...listed,
      date: post.date,
      id: post.id,
    }) ?? null;
  return {
    id: post.id,
    slug: post.slug,
    title: post.title,
    date: post.date,
    author: post.author,
    summary: post.summary,
    area: post.area,
    areaSlug: post.areaSlug,
    commentCount: post.publishedCommentCount,
    bodyHtml: post.bodyHtml,
    commentsMode: post.commentsMode,
    tags: tagsOf([post.id]).get(post.id) ?? [],
    previous: neighbour("previous"),
    next: neighbour("next"),
  };
}

/** The display name of a tag that at least one published post carries. */
export function findTagName(
  tagSlug: string,
  now: Date = serverNow(),
): string | null {
  const published = listedAt(now);
  return (
    db()
      .select({ tag: postTags.tag })
      .from(postTags)
      .innerJoin(posts, eq(posts.id, postTags.postId))
      .where(and(published, eq(postTags.tagSlug, tagSlug)))
      .limit(1)
      .get()?.tag ?? null
  );
}

/** The display name of an area that at least one published post is in. */
export function findAreaName(
  areaSlug: string,
  now: Date = serverNow(),
): string | null {
  const published = listedAt(now);
  return (
    db()
      .select({ area: posts.area })
      .from(posts)
      .where(and(published, eq(posts.areaSlug, areaSlug)))
      .limit(1)
      .get()?.area ?? null
  );
}

/** Months that have published posts, newest first, with how many each. */
export function listArchiveMonths(
  now: Date = serverNow(),
): { month: string; count: number }[] {
  const published = listedAt(now);
  const month = sql<string>`substr(${posts.date}, 1, 7)`;
  return db()
    .select({ month, count: count() })
    .from(posts)
    .where(published)
    .groupBy(month)
    .orderBy(desc(month))
    .all();
}

/** Every tag and area on published posts, with counts, for navigation. */
export function listTopics(now: Date = serverNow()): {
  tags: (TagRef & { count: number })[];
  areas: { area: string; areaSlug: string; count: number }[];
} {
  const published = listedAt(now);
  const tags = db()
    .select({
      tag: sql<string>`min(${postTags.tag})`,
      tagSlug: postTags.tagSlug,
      count: count(),
    })
    .from(postTags)
    .innerJoin(posts, eq(posts.id, postTags.postId))
    .where(published)
    .groupBy(postTags.tagSlug)
    .orderBy(asc(postTags.tagSlug))
    .all();
  const areas = db()
    .select({
      area: sql<string>`min(${posts.area})`,
      areaSlug: sql<string>`${posts.areaSlug}`,
      count: count(),
    })
    .from(posts)
    .where(and(published, sql`${posts.areaSlug} is not null`))
    .groupBy(posts.areaSlug)
    .orderBy(asc(posts.areaSlug))
    .all();
  return { tags, areas };
}
