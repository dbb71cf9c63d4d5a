import { and, asc, eq, inArray, isNotNull, or, sql } from "drizzle-orm";
import { asStored, preparedOnce } from "../../../db/client.server";
import { comments, importOrigins } from "../../../db/schema";
import { VISIBLE_STATES, type CommentState } from "~/domain/comment-states";
import type { PosterClass } from "~/domain/moderation-policy";
import { isAuthor } from "~/domain/comment-edits";
import { oldCommentAnchors } from "~/domain/old-anchors";
import { db } from "~/platform/db.server";

/** A comment as the thread shows it. Taken-down comments come without their text. */
export type ThreadComment = {
  id: number;
  parentId: number | null;
  number: number | null;
  state: CommentState;
  posterClass: PosterClass;
  authorName: string | null;
  bodyHtml: string;
  createdAt: Date;
  publishedAt: Date | null;
  /** A removed or deleted comment kept so its replies keep their place. */
  placeholder: boolean;
  /** Its author changed its text after posting. */
  edited: boolean;
  /** The viewer wrote it (see isAuthor): they may edit or delete it. */
  mine: boolean;
  /** An imported comment's ids on the old blog's page ("c2001", "comment-12"), else empty. */
  oldAnchors: string[];
};

const threadColumns = {
  id: comments.id,
  parentId: comments.parentId,
  number: comments.number,
  state: comments.state,
  posterClass: comments.posterClass,
  authorName: comments.authorName,
  bodyHtml: comments.bodyHtml,
  createdAt: comments.createdAt,
  publishedAt: comments.publishedAt,
  editedAt: comments.editedAt,
  userId: comments.userId,
  guestKey: comments.guestKey,
  origin: importOrigins.origin,
};

/** Where a comment sits in its discussion: enough to build the thread and find its pages. */
export type ThreadPlace = Pick<
  ThreadComment,
  "id" | "parentId" | "number" | "state" | "placeholder"
>;

const placeColumns = {
  id: comments.id,
  parentId: comments.parentId,
  number: comments.number,
  state: comments.state,
};

const isPlaceholder = (state: CommentState) =>
  state === "removed" || state === "deleted";

/** Who is reading a discussion: their own held comments are shown to them. */
export type ThreadViewer = { guestKey: string | null; userId: number | null };

// The queries every post page makes, prepared once (see preparedOnce).
const publishedPlaces = preparedOnce((database) =>
  database
    .select(placeColumns)
    .from(comments)
    .where(
      and(
        eq(comments.postId, asStored("postId")),
        isNotNull(comments.number),
        inArray(comments.state, VISIBLE_STATES),
      ),
    )
    .orderBy(asc(comments.number))
    .prepare(),
);

/** The comments whose ids are in `ids`, a JSON array: one statement for any number of them. */
const commentsById = preparedOnce((database) =>
  database
    .select(threadColumns)
    .from(comments)
    // What an imported comment was called in the old system names its old anchors.
    .leftJoin(
      importOrigins,
      and(
        eq(importOrigins.localId, comments.id),
        eq(importOrigins.kind, "comment"),
      ),
    )
    .where(
      sql`${comments.id} in (select value from json_each(${asStored("ids")}))`,
    )
    .prepare(),
);

/**
 * The places of a post's discussion in publishing order, with the viewer's own pending
 * comments after it: two queries whatever the number of comments. Their text is read only for
 * the page shown (threadComments).
 */
export function listThreadPlaces(
  postId: number,
  viewer: ThreadViewer,
): ThreadPlace[] {
  const visible = publishedPlaces(db()).all({ postId });
  const own = or(
    viewer.guestKey === null
      ? undefined
      : eq(comments.guestKey, viewer.guestKey),
    viewer.userId === null ? undefined : eq(comments.userId, viewer.userId),
  );
  const ownPending =
    own === undefined
      ? []
      : db()
          .select(placeColumns)
          .from(comments)
          .where(
            and(
              eq(comments.postId, postId),
              eq(comments.state, "pending"),
              own,
            ),
          )
          .orderBy(asc(comments.id))
          .all();
  return [...visible, ...ownPending].map((place) => ({
    ...place,
    placeholder: isPlaceholder(place.state),
  }));
}

/**
 * The comments at `places` (a page of a discussion), by id, in one query. Taken-down comments
 * come without their text.
 */
export function threadComments(
  places: readonly ThreadPlace[],
  viewer: ThreadViewer = { guestKey: null, userId: null },
): Map<number, ThreadComment> {
  const rows = commentsById(db()).all({
    ids: JSON.stringify(places.map((place) => place.id)),
  });
  // Each field named, not spread: built for every comment of every page drawn.
  const byId = new Map<number, ThreadComment>();
  for (const row of rows) {
    const placeholder = isPlaceholder(row.state);
    byId.set(row.id, {
      id: row.id,
      parentId: row.parentId,
      number: row.number,
      state: row.state,
      posterClass: row.posterClass,
      authorName: placeholder ? null : row.authorName,
      bodyHtml: placeholder ? "" : row.bodyHtml,
      createdAt: row.createdAt,
      publishedAt: row.publishedAt,
      placeholder,
      edited: row.editedAt !== null && !placeholder,
      // The keys themselves never leave the server.
      mine: !placeholder && isAuthor(row, viewer),
      // A taken-down comment keeps its place, and so its old links.
      oldAnchors: row.origin === null ? [] : oldCommentAnchors(row.origin),
    });
  }
  return byId;
}
