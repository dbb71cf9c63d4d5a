import { alias } from "drizzle-orm/sqlite-core";
import {
  and,
  asc,
  count,
  desc,
  eq,
  inArray,
  isNull,
  sql,
  type SQL,
} from "drizzle-orm";
import { asStored, preparedOnce, type Tx } from "../../../db/client.server";
import { comments, moderationLog, posts, reports } from "../../../db/schema";
import type { CommentState } from "../../domain/comment-states";
import type { PosterClass, Reason } from "../../domain/moderation-policy";
import type { QueueFilter } from "../../domain/queue-filter";
import { db } from "../../platform/db.server";

/** Who acted: a person (with their account) or the policy. */
export type Actor = { name: string; userId: number | null };

/** Appends a decision by `actor` to the moderation log, which is never edited; returns its id. */
export function logDecision(
  tx: Tx,
  actor: Actor,
  now: Date,
  entry: Omit<
    typeof moderationLog.$inferInsert,
    "id" | "createdAt" | "actor" | "actorUserId"
  >,
): number {
  const result = insertLogRow(tx).run({
    createdAt: now.getTime(),
    actor: actor.name,
    actorUserId: actor.userId,
    action: entry.action,
    commentId: entry.commentId ?? null,
    postId: entry.postId ?? null,
    posterClass: entry.posterClass ?? null,
    addressKey: entry.addressKey ?? null,
    guestKey: entry.guestKey ?? null,
    reasons: JSON.stringify(entry.reasons ?? []),
    note: entry.note ?? null,
  });
  return Number(result.lastInsertRowid);
}

const insertLogRow = preparedOnce((database) =>
  database
    .insert(moderationLog)
    .values({
      createdAt: asStored("createdAt"),
      actor: asStored("actor"),
      actorUserId: asStored("actorUserId"),
      action: asStored("action"),
      commentId: asStored("commentId"),
      postId: asStored("postId"),
      posterClass: asStored("posterClass"),
      addressKey: asStored("addressKey"),
      guestKey: asStored("guestKey"),
      reasons: asStored("reasons"),
      note: asStored("note"),
    })
    .prepare(),
);

export type DeskComment = {
  id: number;
  number: number | null;
  state: CommentState;
  posterClass: PosterClass;
  authorName: string | null;
  bodyHtml: string;
  reasons: Reason[];
  createdAt: Date;
  post: { id: number; slug: string; title: string };
  parent: {
    id: number;
    number: number | null;
    authorName: string | null;
    bodyHtml: string;
  } | null;
  userId: number | null;
  hasEmail: boolean;
  openReports: number;
};

export type { QueueFilter };

const parent = alias(comments, "parent");

const openReportCount = sql<number>`(select count(*) from ${reports} where ${reports.commentId} = ${comments.id} and ${reports.dismissedAt} is null)`;

function deskSelect() {
  return db()
    .select({
      id: comments.id,
      number: comments.number,
      state: comments.state,
      posterClass: comments.posterClass,
      authorName: comments.authorName,
      bodyHtml: comments.bodyHtml,
      reasons: comments.reasons,
      createdAt: comments.createdAt,
      userId: comments.userId,
      emailKey: comments.emailKey,
      postId: posts.id,
      postSlug: posts.slug,
      postTitle: posts.title,
      parentId: parent.id,
      parentNumber: parent.number,
      parentAuthor: parent.authorName,
      parentBody: parent.bodyHtml,
      openReports: openReportCount,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .leftJoin(parent, eq(parent.id, comments.parentId));
}

type DeskRow = NonNullable<ReturnType<ReturnType<typeof deskSelect>["get"]>>;

function toDeskComment(row: DeskRow): DeskComment {
  return {
    id: row.id,
    number: row.number,
    state: row.state,
    posterClass: row.posterClass,
    authorName: row.authorName,
    bodyHtml: row.bodyHtml,
    reasons: row.reasons,
    createdAt: row.createdAt,
    userId: row.userId,
    hasEmail: row.emailKey !== null,
    openReports: row.openReports,
    post: { id: row.postId, slug: row.postSlug, title: row.postTitle },
    parent:
      row.parentId === null
        ? null
        : {
            id: row.parentId,
            number: row.parentNumber,
            authorName: row.parentAuthor,
            bodyHtml: row.parentBody ?? "",
          },
  };
}

function queueWhere(filter: QueueFilter): SQL | undefined {
  const byClass =
    filter.posterClass === "member"
      ? inArray(comments.posterClass, ["member", "verified", "staff"])
      : filter.posterClass
        ? eq(comments.posterClass, filter.posterClass)
        : undefined;
  return and(
    eq(comments.state, filter.state),
    byClass,
    filter.postId === null ? undefined : eq(comments.postId, filter.postId),
  );
}

/** A page of the queue, oldest first (removed comments: newest first), in two queries. */
export function listQueue(
  filter: QueueFilter,
  { page, perPage }: { page: number; perPage: number },
): { items: DeskComment[]; total: number } {
  const where = queueWhere(filter);
  const total =
    db().select({ total: count() }).from(comments).where(where).get()?.total ??
    0;
  const rows = deskSelect()
    .where(where)
    .orderBy(...queueOrder(filter))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  return { items: rows.map(toDeskComment), total };
}

/**
 * The ids of the comments a filter matches, in the queue's order, at most `limit` of them, and
 * how many match in all: what an "everything matching" decision acts on, fixed when its count is
 * shown. Two queries.
 */
export function matchingQueueIds(
  filter: QueueFilter,
  limit: number,
): { ids: number[]; total: number } {
  const where = queueWhere(filter);
  const total =
    db().select({ total: count() }).from(comments).where(where).get()?.total ??
    0;
  const ids = db()
    .select({ id: comments.id })
    .from(comments)
    .where(where)
    .orderBy(...queueOrder(filter))
    .limit(limit)
    .all()
    .map((row) => row.id);
  return { ids, total };
}

function queueOrder(filter: QueueFilter) {
  return filter.state === "pending"
    ? [asc(comments.createdAt), asc(comments.id)]
    : [desc(comments.updatedAt)];
}

/**
 * The post the queue is narrowed to, by primary key, for the line that says so; null for an id
 * that names no post.
 */
export function findQueuePost(
  postId: number,
): { id: number; slug: string; title: string } | null {
  return (
    db()
      .select({ id: posts.id, slug: posts.slug, title: posts.title })
      .from(posts)
      .where(eq(posts.id, postId))
      .get() ?? null
  );
}

export type ReportedComment = DeskComment & {
  reports: { reason: string; note: string | null; createdAt: Date }[];
};

/** Comments with open reports, most reported first: three queries. */
export function listReportedComments(limit = 100): ReportedComment[] {
  const open = db()
    .select({
      commentId: reports.commentId,
      reason: reports.reason,
      note: reports.note,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .where(isNull(reports.dismissedAt))
    .orderBy(asc(reports.createdAt))
    .all();
  const byComment = new Map<number, ReportedComment["reports"]>();
  for (const { commentId, ...report } of open) {
    byComment.set(commentId, [...(byComment.get(commentId) ?? []), report]);
  }
  const ids = [...byComment.keys()];
  if (ids.length === 0) return [];
  return deskSelect()
    .where(inArray(comments.id, ids))
    .all()
    .map((row) => ({
      ...toDeskComment(row),
      reports: byComment.get(row.id) ?? [],
    }))
    .sort((a, b) => b.reports.length - a.reports.length || a.id - b.id)
    .slice(0, limit);
}

/** One comment as the desk shows it, for acting on it (ban its poster). */
export function findDeskComment(commentId: number):
  | (DeskComment & {
      keys: {
        emailKey: string | null;
        addressKey: string;
        guestKey: string | null;
      };
    })
  | null {
  const row = deskSelect().where(eq(comments.id, commentId)).get();
  if (!row) return null;
  const keys = db()
    .select({
      emailKey: comments.emailKey,
      addressKey: comments.addressKey,
      guestKey: comments.guestKey,
    })
    .from(comments)
    .where(eq(comments.id, commentId))
    .get()!;
  return { ...toDeskComment(row), keys };
}

export type LogFilter = { action: string | null; actor: string | null };

/** A page of the moderation log, newest first. */
export function listLog(
  filter: LogFilter,
  { page, perPage }: { page: number; perPage: number },
) {
  const where = and(
    filter.action
      ? sql`${moderationLog.action} like ${`${filter.action}%`}`
      : undefined,
    filter.actor ? eq(moderationLog.actor, filter.actor) : undefined,
  );
  const total =
    db().select({ total: count() }).from(moderationLog).where(where).get()
      ?.total ?? 0;
  const rows = db()
    .select({
      id: moderationLog.id,
      createdAt: moderationLog.createdAt,
      actor: moderationLog.actor,
      action: moderationLog.action,
      commentId: moderationLog.commentId,
      posterClass: moderationLog.posterClass,
      reasons: moderationLog.reasons,
      note: moderationLog.note,
      postSlug: posts.slug,
      postTitle: posts.title,
      commentNumber: comments.number,
    })
    .from(moderationLog)
    .leftJoin(posts, eq(posts.id, moderationLog.postId))
    .leftJoin(comments, eq(comments.id, moderationLog.commentId))
    .where(where)
    .orderBy(desc(moderationLog.createdAt), desc(moderationLog.id))
    .limit(perPage)
    .offset((page - 1) * perPage)
    .all();
  return { rows, total };
}

/**
 * Who has acted, for the log's filter, in order. Each name is found from the one before by a seek
 * in the actor index, so this costs a few lookups per person however long the log grows (a plain
 * DISTINCT read all 110,000 rows of the benchmark's log: 16 ms).
 */
export function listLogActors(): string[] {
  return db()
    .all<{ actor: string }>(
      sql`with recursive actors(actor) as (
            select min(actor) from moderation_log
            union all
            select (select min(actor) from moderation_log where actor > actors.actor)
              from actors where actors.actor is not null
          )
          select actor from actors where actor is not null`,
    )
    .map((row) => row.actor);
}
