import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.server";
import { commentVersions, comments, posts } from "../../../db/schema";
import { authorChangeRefusal, type Authorship } from "~/domain/comment-edits";
import {
  decide,
  type Decision,
  type PolicySettings,
} from "~/domain/moderation-policy";
import { findActiveBans } from "~/features/moderation/ban.server";
import {
  logDecision,
  type Actor,
} from "~/features/moderation/moderation.server";
import { db } from "~/platform/db.server";
import { renderCommentMarkdown } from "~/platform/markdown.server";
import { adjustPublishedCount } from "~/features/moderation/comment-numbers.server";
import { queueOutcomeNotices } from "~/features/notify/comment-outcome.server";
import { approvedMemberComments, guestCommentCounts } from "./submit.server";

/** The Markdown a comment was written in, for its author's edit form. */
export function commentMarkdown(commentId: number): string | null {
  return (
    db()
      .select({ body: comments.bodyMarkdown })
      .from(comments)
      .where(eq(comments.id, commentId))
      .get()?.body ?? null
  );
}

/** The person changing their own comment: their account or browser, and where they are now. */
export type ChangingAuthor = Authorship & {
  guestKey: string;
  addressKey: string;
};

/** Authors act on their own comments; the log names them by role, never by name. */
const THE_AUTHOR = (userId: number | null): Actor => ({
  name: "author",
  userId,
});

export type AuthorChangeResult =
  | { kind: "not-found" }
  | { kind: "refused"; status: 403 | 409; message: string }
  /** The policy refused the new text: the comment keeps its old one. */
  | { kind: "rejected"; decision: Decision }
  | {
      kind: "edited";
      decision: Decision;
      comment: {
        id: number;
        number: number | null;
        state: "published" | "pending";
      };
    };

const changeColumns = {
  id: comments.id,
  postId: comments.postId,
  number: comments.number,
  state: comments.state,
  posterClass: comments.posterClass,
  userId: comments.userId,
  guestKey: comments.guestKey,
  emailKey: comments.emailKey,
  bodyMarkdown: comments.bodyMarkdown,
  bodyHtml: comments.bodyHtml,
  createdAt: comments.createdAt,
  editedAt: comments.editedAt,
  updatedAt: comments.updatedAt,
};

/**
 * The comment an author asks to change, read inside the change's transaction, or why they may
 * not: it is gone, or they are not its author, or (for an edit) the window has closed.
 */
function changeableComment(
  tx: Tx,
  change: "edit" | "delete",
  commentId: number,
  author: Authorship,
  editWindowMinutes: number,
  now: Date,
):
  | {
      kind: "changeable";
      comment: NonNullable<ReturnType<typeof readChangeRow>>;
    }
  | { kind: "not-found" }
  | { kind: "refused"; status: 403 | 409; message: string } {
  const comment = readChangeRow(tx, commentId);
  if (!comment) return { kind: "not-found" };
  const refusal = authorChangeRefusal(
    change,
    comment,
    author,
    editWindowMinutes,
    now,
  );
  if (refusal) return { kind: "refused", ...refusal };
  return { kind: "changeable", comment };
}

function readChangeRow(tx: Tx, commentId: number) {
  return tx
    .select(changeColumns)
    .from(comments)
    .where(eq(comments.id, commentId))
    .get();
}

/**
 * The author's new text for their comment, run through the policy again as if it were new
 * (without the flood and repeat rules, which count comments, not words). A refused edit changes
 * nothing. An edit the policy would hold sends the comment back to the queue with its reasons,
 * out of the thread until a moderator approves it; an edit never publishes a held comment, so
 * editing is no way around a moderator or readers' reports. The text it replaces is kept for
 * moderators. The change, the post's count and the log row commit together.
 */
export function editOwnComment(
  request: { commentId: number; body: string; author: ChangingAuthor },
  policy: PolicySettings,
  now: Date,
): AuthorChangeResult {
  const { author } = request;
  // Rendered before the write lock is taken, which other writers wait for.
  const bodyHtml = renderCommentMarkdown(request.body);
  return db().transaction(
    (tx): AuthorChangeResult => {
      const found = changeableComment(
        tx,
        "edit",
        request.commentId,
        author,
        policy.editWindowMinutes,
        now,
      );
      if (found.kind !== "changeable") return found;
      const { comment } = found;
      const post = tx
        .select({ commentsMode: posts.commentsMode, date: posts.date })
        .from(posts)
        .where(eq(posts.id, comment.postId))
        .get()!;
      const subject = {
        userId: comment.userId,
        emailKey: comment.emailKey,
        addressKey: author.addressKey,
        guestKey: author.guestKey,
      };
      const { ban, addressBanned } = findActiveBans(tx, subject, now);
      const guest =
        comment.posterClass === "named"
          ? guestCommentCounts(tx, { guestKey: author.guestKey })
          : { approved: 0, held: 0 };
      const decision = decide(
        {
          posterClass: comment.posterClass,
          body: request.body,
          post,
          recentComments: [],
          approvedCount:
            comment.posterClass === "named"
              ? guest.approved
              : comment.posterClass === "member" && addressBanned
                ? approvedMemberComments(tx, comment.userId!)
                : 0,
          heldCount: guest.held,
          ban,
          addressBanned,
        },
        policy,
        now,
      );
      const logRow = {
        commentId: comment.id,
        postId: comment.postId,
        posterClass: comment.posterClass,
        addressKey: author.addressKey,
        guestKey: author.guestKey,
        reasons: decision.reasons,
      };
      const actor = THE_AUTHOR(author.userId);
      if (decision.outcome === "reject") {
        logDecision(tx, actor, now, {
          ...logRow,
          action: "comment.edit-refused",
        });
        return { kind: "rejected", decision };
      }
      const state =
        comment.state === "published" && decision.outcome === "publish"
          ? "published"
          : "pending";
      tx.insert(commentVersions)
        .values({
          commentId: comment.id,
          bodyMarkdown: comment.bodyMarkdown,
          bodyHtml: comment.bodyHtml,
          replacedAt: now,
        })
        .run();
      tx.update(comments)
        .set({
          bodyMarkdown: request.body,
          bodyHtml,
          state,
          // A held comment edited into text the policy would publish keeps the reasons it was held for.
          reasons:
            state === "published"
              ? []
              : decision.outcome === "hold"
                ? decision.reasons
                : undefined,
          editedAt: now,
          updatedAt: now,
        })
        .where(eq(comments.id, comment.id))
        .run();
      if (comment.state === "published" && state === "pending")
        adjustPublishedCount(tx, comment.postId, -1);
      logDecision(tx, actor, now, {
        ...logRow,
        action: state === "published" ? "comment.edited" : "comment.edit-held",
      });
      return {
        kind: "edited",
        decision,
        comment: { id: comment.id, number: comment.number, state },
      };
    },
    { behavior: "immediate" },
  );
}

export type AuthorDeleteResult =
  | { kind: "not-found" }
  | { kind: "refused"; status: 403 | 409; message: string }
  | { kind: "deleted" };

/**
 * Takes the author's comment down for good, at any time: its text, name and earlier versions
 * go, as when an account is deleted. With replies it stays as a placeholder ("deleted by its
 * author") so they keep their place; without, the thread no longer draws it.
 */
export function deleteOwnComment(
  request: { commentId: number; author: ChangingAuthor },
  policy: PolicySettings,
  now: Date,
): AuthorDeleteResult {
  const { author } = request;
  return db().transaction(
    (tx): AuthorDeleteResult => {
      const found = changeableComment(
        tx,
        "delete",
        request.commentId,
        author,
        policy.editWindowMinutes,
        now,
      );
      if (found.kind !== "changeable") return found;
      const { comment } = found;
      tx.delete(commentVersions)
        .where(eq(commentVersions.commentId, comment.id))
        .run();
      tx.update(comments)
        .set({
          state: "deleted",
          bodyMarkdown: "",
          bodyHtml: "",
          authorName: null,
          emailKey: null,
          reasons: [],
          updatedAt: now,
        })
        .where(eq(comments.id, comment.id))
        .run();
      if (comment.state === "published")
        adjustPublishedCount(tx, comment.postId, -1);
      logDecision(tx, THE_AUTHOR(author.userId), now, {
        action: "comment.deleted",
        commentId: comment.id,
        postId: comment.postId,
        posterClass: comment.posterClass,
        addressKey: author.addressKey,
        guestKey: author.guestKey,
      });
      // Whoever asked to be told what happens to it needs no message: the address goes too.
      queueOutcomeNotices(
        tx,
        [
          {
            commentId: comment.id,
            from: comment.state,
            to: "deleted",
            firstPublished: false,
          },
        ],
        null,
        now,
      );
      return { kind: "deleted" };
    },
    { behavior: "immediate" },
  );
}
