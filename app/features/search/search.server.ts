import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.server";
import {
  hasMatch,
  markedSnippetHtml,
  MATCH_END,
  MATCH_START,
  SEARCH_COUNT_LIMIT,
  SEARCH_RESULTS_PER_PAGE,
  withoutMarkers,
} from "../../domain/search-query";
import { lastListedDate, lastListedTime } from "../../domain/scheduling";
import { commentPath } from "../../domain/thread";
import { serverNow } from "../../platform/clock.server";
import { db } from "../../platform/db.server";
import { isOutOfSpace } from "../../platform/disk-space.server";

/*
 * Full-text search over published posts and comments with SQLite FTS5 (migration 0003_search).
 *
 * - search_documents: one row of plain text per post and per comment; search_fts indexes it
 *   (external content, kept in step by triggers on search_documents).
 * - The text is made here, not in SQL, because posts and comments are stored as HTML and SQL
 *   cannot strip tags: indexing the HTML would make "strong" or "href" find every post.
 * - Triggers on posts, post_tags and comments put the id of every changed row in search_queue,
 *   whatever code changed it (the content sync, a moderator, a future edit feature), so no
 *   write path has to remember the index. refreshSearchIndex() turns the queue into documents;
 *   searchSite() runs it first, so results never lag behind the database.
 * - Visibility is checked again at query time (post published, comment published), so even a
 *   document not yet refreshed can never show something that is no longer public.
 */

type Runner = Pick<Db, "all" | "get" | "run">;
type DocumentKind = "post" | "comment";

/** Column weights for bm25(), in the order of search_fts: title, summary, body, tags, area. */
const WEIGHTS = { title: 10, summary: 4, body: 1, tags: 5, area: 3 };
/** Words in a snippet around the matches. */
const SNIPPET_WORDS = 24;

// ---------------------------------------------------------------------------------------------
// From HTML to indexed text

// Tags that separate words: without a space "<p>one</p><p>two</p>" would index "onetwo".
const WORD_BREAKING_TAG =
  /<\/?(?:address|article|aside|blockquote|br|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>/gi;
const IMAGE_ALT = /<img\b[^>]*?\balt="([^"]*)"[^>]*>/gi;
const ANY_TAG = /<[^>]*>/g;
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]+));/gi;
const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

function decodeEntity(
  entity: string,
  decimal?: string,
  hex?: string,
  name?: string,
): string {
  if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  const code = decimal !== undefined ? Number(decimal) : parseInt(hex!, 16);
  const valid =
    code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
  return valid ? String.fromCodePoint(code) : entity;
}

/**
 * The text a reader sees in a stored post or comment body, for the index: tags removed (block
 * tags and <br> become spaces), image alt text kept, entities decoded, whitespace collapsed.
 * Written for the sanitized HTML this site stores (app/platform/markdown.server.ts: attributes in
 * double quotes, `<`, `>` and `&` escaped in text and attributes), not for arbitrary HTML.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(IMAGE_ALT, " $1 ")
    .replace(WORD_BREAKING_TAG, " ")
    .replace(ANY_TAG, "")
    .replace(ENTITY, decodeEntity)
    .replace(/\s+/g, " ")
    .trim();
  return withoutMarkers(text);
}

// ---------------------------------------------------------------------------------------------
// Keeping the index in step

type SearchDocument = {
  kind: DocumentKind;
  refId: number;
  postId: number;
  title: string;
  summary: string;
  body: string;
  tags: string;
  area: string;
};

function removeDocument(tx: Runner, kind: DocumentKind, refId: number): void {
  tx.run(
    sql`delete from search_documents where kind = ${kind} and ref_id = ${refId}`,
  );
}

/** Inserts or replaces a document; an unchanged one is left alone, sparing the FTS index. */
function saveDocument(tx: Runner, doc: SearchDocument): void {
  tx.run(sql`
    insert into search_documents (kind, ref_id, post_id, title, summary, body, tags, area)
    values (${doc.kind}, ${doc.refId}, ${doc.postId}, ${doc.title}, ${doc.summary},
            ${doc.body}, ${doc.tags}, ${doc.area})
    on conflict (kind, ref_id) do update set
      post_id = excluded.post_id, title = excluded.title, summary = excluded.summary,
      body = excluded.body, tags = excluded.tags, area = excluded.area
    where post_id is not excluded.post_id or title is not excluded.title
      or summary is not excluded.summary or body is not excluded.body
      or tags is not excluded.tags or area is not excluded.area`);
}

/** Indexes a published post (title, summary, body text, tags, area); forgets any other. */
function indexPost(tx: Runner, postId: number): void {
  const post = tx.get<
    | {
        title: string;
        summary: string;
        area: string | null;
        bodyHtml: string;
        status: string;
      }
    | undefined
  >(sql`select title, summary, area, body_html as bodyHtml, status
          from posts where id = ${postId}`);
  if (!post || post.status !== "published") {
    removeDocument(tx, "post", postId);
    return;
  }
  const tags = tx
    .all<{ tag: string }>(
      sql`select tag from post_tags where post_id = ${postId} order by position`,
    )
    .map((row) => withoutMarkers(row.tag));
  saveDocument(tx, {
    kind: "post",
    refId: postId,
    postId,
    title: withoutMarkers(post.title),
    summary: withoutMarkers(post.summary),
    body: htmlToText(post.bodyHtml),
    tags: tags.join(", "),
    area: withoutMarkers(post.area ?? ""),
  });
}

/**
 * Indexes a published comment (its text only: a comment is found by what it says, not by its
 * post's title or tags); forgets any other.
 */
function indexComment(tx: Runner, commentId: number): void {
  const comment = tx.get<
    { postId: number; state: string; bodyHtml: string } | undefined
  >(sql`select post_id as postId, state, body_html as bodyHtml
          from comments where id = ${commentId}`);
  if (!comment || comment.state !== "published") {
    removeDocument(tx, "comment", commentId);
    return;
  }
  saveDocument(tx, {
    kind: "comment",
    refId: commentId,
    postId: comment.postId,
    title: "",
    summary: "",
    body: htmlToText(comment.bodyHtml),
    tags: "",
    area: "",
  });
}

function processQueue(tx: Tx): number {
  const changed = tx.all<{ kind: DocumentKind; refId: number }>(
    sql`select distinct kind, ref_id as refId from search_queue`,
  );
  for (const { kind, refId } of changed) {
    if (kind === "post") indexPost(tx, refId);
    else indexComment(tx, refId);
  }
  tx.run(sql`delete from search_queue`);
  return changed.length;
}

/**
 * Brings the index up to date with every post and comment changed since the last refresh (the
 * triggers queue them). Cheap when nothing changed: one indexed read, no write lock. Returns
 * how many posts and comments were looked at.
 */
export function refreshSearchIndex(database: Db = db()): number {
  const queued = database.get<{ id: number } | undefined>(
    sql`select id from search_queue limit 1`,
  );
  if (!queued) return 0;
  return database.transaction(processQueue, { behavior: "immediate" });
}

/**
 * Builds the whole index again from posts and comments: for repairs, never needed in normal
 * running. Returns how many posts and comments were looked at.
 */
export function rebuildSearchIndex(database: Db = db()): number {
  return database.transaction(
    (tx) => {
      tx.run(sql`delete from search_documents`);
      // Rebuilds the FTS index from its (now empty) content table, whatever state it was in.
      tx.run(sql`insert into search_fts (search_fts) values ('rebuild')`);
      tx.run(
        sql`insert into search_queue (kind, ref_id) select 'post', id from posts`,
      );
      tx.run(
        sql`insert into search_queue (kind, ref_id) select 'comment', id from comments`,
      );
      return processQueue(tx);
    },
    { behavior: "immediate" },
  );
}

// ---------------------------------------------------------------------------------------------
// Searching

export type SearchFilters = {
  /** Only posts with this tag, and comments on them. */
  tagSlug?: string | null;
  /** Only posts about this area, and comments on them. */
  areaSlug?: string | null;
};

export type SearchResult = {
  kind: DocumentKind;
  /** The post, or the comment's place in its discussion. */
  href: string;
  /** The post's title (a comment's post), plain text. */
  title: string;
  /** The title as safe HTML, with the words that matched in <mark> (posts only). */
  titleHtml: string;
  /** Text around the matches as safe HTML: escaped, with matches in <mark>. */
  snippetHtml: string;
  /** The post's date, YYYY-MM-DD. */
  date: string;
  area: string | null;
  areaSlug: string | null;
  /** A comment's number in its discussion. */
  commentNumber: number | null;
};

type ResultRow = {
  kind: DocumentKind;
  slug: string;
  postTitle: string;
  date: string;
  area: string | null;
  areaSlug: string | null;
  commentNumber: number | null;
  titleMarked: string | null;
  summarySnippet: string | null;
  bodySnippet: string | null;
};

function conditions(match: string, filters: SearchFilters, now: Date): SQL {
  const parts = [
    sql`search_fts match ${match}`,
    sql`p.status = 'published'`,
    // A scheduled post is indexed when synced, and found from its date on (isListed).
    sql`p.date <= ${lastListedDate(now)}`,
    sql`(p.date < ${lastListedDate(now)} or p.time is null or p.time <= ${lastListedTime(now)})`,
    sql`(d.kind = 'post' or c.state = 'published')`,
  ];
  if (filters.areaSlug) parts.push(sql`p.area_slug = ${filters.areaSlug}`);
  if (filters.tagSlug) {
    parts.push(
      sql`exists (select 1 from post_tags t where t.post_id = p.id and t.tag_slug = ${filters.tagSlug})`,
    );
  }
  return sql.join(parts, sql` and `);
}

// A common word has thousands of matches, each joined here before ranking: the two indexes
// (migrations 0006 and 0007) hold everything these joins read, so no whole row is read.
// CROSS JOIN fixes the order: match, then its document, then that document's post by its key.
// Left to choose, SQLite took the post's status and date first and read every published post
// for each match: a common word took seconds at 1,000 posts (docs/performance.md).
const FROM = sql`
  from search_fts
  cross join search_documents d indexed by search_documents_place_idx on d.id = search_fts.rowid
  cross join posts p on p.id = d.post_id
  left join comments c indexed by comments_search_idx on d.kind = 'comment' and c.id = d.ref_id`;

/**
 * One page of published posts and comments matching `match` (an FTS5 query from
 * parseSearchQuery, never raw user text), best first by bm25 with title matches weighing most,
 * then newest first. The index is refreshed first (`indexBehind` when a full disk stopped
 * that). `total` stops at SEARCH_COUNT_LIMIT + 1.
 */
export function searchSite(
  match: string,
  filters: SearchFilters,
  {
    page,
    perPage = SEARCH_RESULTS_PER_PAGE,
    now = serverNow(),
  }: { page: number; perPage?: number; now?: Date },
): { results: SearchResult[]; total: number; indexBehind: boolean } {
  const database = db();
  let indexBehind = false;
  try {
    refreshSearchIndex(database);
  } catch (error) {
    if (!isOutOfSpace(error)) throw error;
    // A full disk stops the index, not the search: it answers from the index as it stands.
    indexBehind = true;
  }
  const where = conditions(match, filters, now);
  // Counted up to one past the limit: enough to say "more than".
  const total =
    database.get<{ total: number }>(
      sql`select count(*) as total from (select 1 ${FROM} where ${where} limit ${SEARCH_COUNT_LIMIT + 1})`,
    )?.total ?? 0;
  if (total === 0) return { results: [], total, indexBehind };
  const rows = database.all<ResultRow>(
    resultsQuery(where, perPage, (page - 1) * perPage),
  );
  return { results: rows.map(toResult), total, indexBehind };
}

const snippet = (column: number) =>
  sql`snippet(search_fts, ${sql.raw(String(column))}, ${MATCH_START}, ${MATCH_END}, '…', ${sql.raw(String(SNIPPET_WORDS))})`;
const rank = sql.raw(
  `bm25(search_fts, ${[WEIGHTS.title, WEIGHTS.summary, WEIGHTS.body, WEIGHTS.tags, WEIGHTS.area].map((weight) => weight.toFixed(1)).join(", ")})`,
);

function resultsQuery(where: SQL, limit: number, offset: number): SQL {
  return sql`
    select d.kind, p.slug, p.title as postTitle, p.date, p.area,
      p.area_slug as areaSlug, c.number as commentNumber,
      highlight(search_fts, 0, ${MATCH_START}, ${MATCH_END}) as titleMarked,
      ${snippet(1)} as summarySnippet, ${snippet(2)} as bodySnippet
    ${FROM}
    where ${where}
    order by ${rank}, p.date desc, d.id desc
    limit ${limit} offset ${offset}`;
}

/** SQLite's plan for a page of results, a step a line: how a search reads the tables. */
export function searchPlan(
  match: string,
  filters: SearchFilters,
  now: Date,
): string[] {
  const where = conditions(match, filters, now);
  return db()
    .all<{ detail: string }>(
      sql`explain query plan ${resultsQuery(where, SEARCH_RESULTS_PER_PAGE, 0)}`,
    )
    .map((step) => step.detail);
}

function toResult(row: ResultRow): SearchResult {
  const common = {
    kind: row.kind,
    title: row.postTitle,
    date: row.date,
    area: row.area,
    areaSlug: row.areaSlug,
  };
  const body = row.bodySnippet ?? "";
  if (row.kind === "comment") {
    return {
      ...common,
      href:
        row.commentNumber === null
          ? `/posts/${row.slug}#comments`
          : commentPath(row.slug, row.commentNumber),
      titleHtml: markedSnippetHtml(withoutMarkers(row.postTitle)),
      snippetHtml: markedSnippetHtml(body),
      commentNumber: row.commentNumber,
    };
  }
  const summary = row.summarySnippet ?? "";
  // The body where the words matched there; else the summary, matched or (for a match in the
  // title, tags or area) as the post's own description.
  const snippet = hasMatch(body) ? body : summary || body;
  return {
    ...common,
    href: `/posts/${row.slug}`,
    titleHtml: markedSnippetHtml(row.titleMarked ?? row.postTitle),
    snippetHtml: markedSnippetHtml(snippet),
    commentNumber: null,
  };
}
