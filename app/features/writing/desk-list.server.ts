import { and, asc, desc, inArray, sql } from "drizzle-orm";
import { posts, postTags } from "../../../db/schema";
import { isListed } from "../../domain/scheduling";
import { db } from "../../platform/db.server";

export type DeskPostState = "published" | "scheduled" | "draft";

export type DeskPost = {
  slug: string;
  title: string;
  date: string;
  time: string | null;
  author: string;
  state: DeskPostState;
};

/** At most this many posts on the writing desk's list; a search narrows it. */
export const DESK_LIST_LIMIT = 200;

/**
 * The posts an editor can open (published, scheduled and drafts; not those taken down), newest
 * date first, those whose title contains `search` when one is given. One query.
 */
export function listDeskPosts(search: string, now: Date): DeskPost[] {
  const words = search.trim();
  const rows = db()
    .select({
      slug: posts.slug,
      title: posts.title,
      date: posts.date,
      time: posts.time,
      author: posts.author,
      status: posts.status,
    })
    .from(posts)
    .where(
      and(
        inArray(posts.status, ["published", "draft"]),
        words === ""
          ? undefined
          : sql`${posts.title} like ${`%${escapeLike(words)}%`} escape '\\'`,
      ),
    )
    .orderBy(
      desc(posts.date),
      desc(sql`coalesce(${posts.time}, '00:00')`),
      desc(posts.id),
    )
    .limit(DESK_LIST_LIMIT)
    .all();
  return rows.map(({ status, ...row }) => ({
    ...row,
    state:
      status === "draft"
        ? "draft"
        : isListed({ status, date: row.date, time: row.time }, now)
          ? "published"
          : "scheduled",
  }));
}

/** `%` and `_` typed in a search are letters, not wildcards. */
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Every tag and area any post has, to pick from in the form: two queries. */
export function knownTopics(): { tags: string[]; areas: string[] } {
  const tags = db()
    .select({ tag: sql<string>`min(${postTags.tag})` })
    .from(postTags)
    .groupBy(postTags.tagSlug)
    .orderBy(asc(postTags.tagSlug))
    .all()
    .map((row) => row.tag);
  const areas = db()
    .select({ area: sql<string>`min(${posts.area})` })
    .from(posts)
    .where(sql`${posts.areaSlug} is not null`)
    .groupBy(posts.areaSlug)
    .orderBy(asc(posts.areaSlug))
    .all()
    .map((row) => row.area);
  return { tags, areas };
}
