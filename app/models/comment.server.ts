import {
  and,
  asc,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  or,
  sql,
  count,
} from "drizzle-orm";
import { comments, moderationLog, posts } from "../../db/schema";
import { VISIBLE_STATES, type CommentState } from "../domain/comment-states";
import {
  decide,
  type Decision,
  type PolicySettings,
  type PosterClass,
  type Reason,
} from "../domain/moderation-policy";
import { db } from "../utils/db.server";
import { renderCommentMarkdown } from "../utils/markdown.server";

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
};

/**
 * The discussion of a post in publishing order, with the viewer's own pending comments after
 * it: two queries whatever the number of comments.
 */
export function listThreadComments(
  postId: number,
  viewerGuestKey: string | null,
): ThreadComment[] {
  const visible = db()
    .select(threadColumns)
    .from(comments)
    .where(
      and(
        eq(comments.postId, postId),
        isNotNull(comments.number),
        inArray(comments.state, VISIBLE_STATES),
      ),
    )
    .orderBy(asc(comments.number))
    .all();
  const ownPending =
    viewerGuestKey === null
      ? []
      : db()
          .select(threadColumns)
          .from(comments)
          .where(
            and(
              eq(comments.postId, postId),
              eq(comments.guestKey, viewerGuestKey),
              eq(comments.state, "pending"),
            ),
          )
          .orderBy(asc(comments.id))
          .all();
  return [...visible, ...ownPending].map((comment) => {
    const placeholder =
      comment.state === "removed" || comment.state === "deleted";
    return {
      ...comment,
      placeholder,
      authorName: placeholder ? null : comment.authorName,
      bodyHtml: placeholder ? "" : comment.bodyHtml,
    };
  });
}

/** Who is posting, as the server recognised them. Keys are HMACs; nothing here is personal. */
export type Poster = {
  posterClass: PosterClass;
  name: string | null;
  emailKey: string | null;
  guestKey: string;
  addressKey: string;
};

export type SubmitResult =
  | { kind: "post-not-found" }
  | { kind: "parent-unavailable"; message: string }
  | {
      kind: "decided";
      decision: Decision;
      comment: { id: number; number: number | null } | null;
    };

/**
 * Runs a new comment through the policy and stores the outcome: the comment (unless refused),
 * the post's comment count and a moderation-log row, all in one transaction.
 */
export function submitComment(
  request: {
    postSlug: string;
    parentId: number | null;
    body: string;
    poster: Poster;
  },
  policy: PolicySettings,
  now: Date,
): SubmitResult {
  const { poster } = request;
  // IMMEDIATE: the comment number is read and taken under the same write lock.
  return db().transaction(
    (tx): SubmitResult => {
      const post = tx
        .select({
          id: posts.id,
          commentsMode: posts.commentsMode,
          date: posts.date,
        })
        .from(posts)
        .where(
          and(eq(posts.slug, request.postSlug), eq(posts.status, "published")),
        )
        .get();
      if (!post) return { kind: "post-not-found" };

      if (request.parentId !== null) {
        const parent = tx
          .select({ postId: comments.postId, state: comments.state })
          .from(comments)
          .where(eq(comments.id, request.parentId))
          .get();
        if (
          !parent ||
          parent.postId !== post.id ||
          parent.state !== "published"
        ) {
          return {
            kind: "parent-unavailable",
            message:
              "The comment you are replying to is not available any more. Your text is still here: you can post it as a new comment.",
          };
        }
      }

      const since = new Date(
        now.getTime() -
          Math.max(
            policy.floodWindowSeconds * 1000,
            policy.duplicateWindowMinutes * 60_000,
          ),
      );
      const samePoster = or(
        eq(comments.addressKey, poster.addressKey),
        eq(comments.guestKey, poster.guestKey),
        poster.emailKey === null
          ? undefined
          : eq(comments.emailKey, poster.emailKey),
      );
      const recentComments = tx
        .select({ body: comments.bodyMarkdown, createdAt: comments.createdAt })
        .from(comments)
        .where(and(samePoster, gt(comments.createdAt, since)))
        .orderBy(desc(comments.createdAt))
        .limit(200)
        .all();
      const approvedCount =
        poster.posterClass === "named"
          ? (tx
              .select({ approved: count() })
              .from(comments)
              .where(
                and(
                  eq(comments.state, "published"),
                  or(
                    eq(comments.guestKey, poster.guestKey),
                    poster.emailKey === null
                      ? undefined
                      : and(
                          eq(comments.emailKey, poster.emailKey),
                          sql`${comments.authorName} = ${poster.name} collate nocase`,
                        ),
                  ),
                ),
              )
              .get()?.approved ?? 0)
          : 0;

      const decision = decide(
        {
          posterClass: poster.posterClass,
          body: request.body,
          post: { commentsMode: post.commentsMode, date: post.date },
          recentComments,
          approvedCount,
        },
        policy,
        now,
      );

      const logRow = {
        createdAt: now,
        actor: "policy",
        postId: post.id,
        posterClass: poster.posterClass,
        addressKey: poster.addressKey,
        guestKey: poster.guestKey,
        reasons: decision.reasons,
      };
      if (decision.outcome === "reject") {
        tx.insert(moderationLog)
          .values({ ...logRow, action: "comment.refused" })
          .run();
        return { kind: "decided", decision, comment: null };
      }

      const publish = decision.outcome === "publish";
      const number = publish ? nextCommentNumber(tx, post.id) : null;
      const { id } = tx
        .insert(comments)
        .values({
          postId: post.id,
          parentId: request.parentId,
          number,
          state: publish ? "published" : "pending",
          posterClass: poster.posterClass,
          authorName: poster.name,
          emailKey: poster.emailKey,
          guestKey: poster.guestKey,
          addressKey: poster.addressKey,
          bodyMarkdown: request.body,
          bodyHtml: renderCommentMarkdown(request.body),
          reasons: decision.reasons,
          createdAt: now,
          publishedAt: publish ? now : null,
          updatedAt: now,
        })
        .returning({ id: comments.id })
        .get();
      if (publish) adjustPublishedCount(tx, post.id, +1);
      tx.insert(moderationLog)
        .values({
          ...logRow,
          commentId: id,
          action: publish ? "comment.published" : "comment.held",
        })
        .run();
      return { kind: "decided", decision, comment: { id, number } };
    },
    { behavior: "immediate" },
  );
}

type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

function nextCommentNumber(tx: Tx, postId: number): number {
  const row = tx
    .select({ last: sql<number | null>`max(${comments.number})` })
    .from(comments)
    .where(eq(comments.postId, postId))
    .get();
  return (row?.last ?? 0) + 1;
}

function adjustPublishedCount(tx: Tx, postId: number, delta: number): void {
  tx.update(posts)
    .set({
      publishedCommentCount: sql`${posts.publishedCommentCount} + ${delta}`,
    })
    .where(eq(posts.id, postId))
    .run();
}

/**
 * Publishes a held comment on a person's decision, giving it its number the first time,
 * and logs who did it. Returns false when the comment is not pending.
 */
export function approveComment(
  commentId: number,
  actor: { name: string; userId: number | null },
  now: Date,
  reasons: Reason[] = [],
): boolean {
  return db().transaction(
    (tx) => {
      const comment = tx
        .select({
          postId: comments.postId,
          state: comments.state,
          number: comments.number,
          posterClass: comments.posterClass,
        })
        .from(comments)
        .where(eq(comments.id, commentId))
        .get();
      if (!comment || comment.state !== "pending") return false;
      tx.update(comments)
        .set({
          state: "published",
          number: comment.number ?? nextCommentNumber(tx, comment.postId),
          publishedAt: now,
          updatedAt: now,
        })
        .where(eq(comments.id, commentId))
        .run();
      adjustPublishedCount(tx, comment.postId, +1);
      tx.insert(moderationLog)
        .values({
          createdAt: now,
          actor: actor.name,
          actorUserId: actor.userId,
          action: "comment.approved",
          commentId,
          postId: comment.postId,
          posterClass: comment.posterClass,
          reasons,
        })
        .run();
      return true;
    },
    { behavior: "immediate" },
  );
}
