import { eq } from "drizzle-orm";
import { z } from "zod";
import { comments, posts, users } from "../../../db/schema";
import type { CommentState } from "../../domain/comment-states";
import {
  EMAIL_DECISIONS,
  emailDecisionOutcome,
  type EmailDecision,
  type EmailDecisionOutcome,
} from "../../domain/moderator-alerts";
import type { RoleName } from "../../domain/permissions";
import { db } from "../../platform/db.server";
import type { Db, Tx } from "../../../db/client.server";
import { redeemToken, tokenState } from "../accounts/tokens.server";
import { wakeMailWorker } from "../mail/worker.server";
import { decideQueuingNotices } from "./comment-outcome.server";

const detailSchema = z.object({
  commentId: z.number().int().positive(),
  decision: z.enum(EMAIL_DECISIONS),
});

export type DecisionLink = {
  outcome: EmailDecisionOutcome;
  decision: EmailDecision | null;
  comment: {
    bodyHtml: string;
    state: CommentState;
    postTitle: string;
  } | null;
};

/** What a one-click link from an alert would do now, without doing it: for its confirm page. */
export function inspectDecisionLink(
  database: Db | Tx,
  token: string,
  now: Date,
): DecisionLink {
  const { state, row } = tokenState(database, "moderate-comment", token, now);
  const parsed = row?.detail
    ? detailSchema.safeParse(safeJson(row.detail))
    : undefined;
  if (!row || !parsed?.success)
    return { outcome: { kind: "link-invalid" }, decision: null, comment: null };
  const { commentId, decision } = parsed.data;
  const comment = database
    .select({
      bodyHtml: comments.bodyHtml,
      state: comments.state,
      postTitle: posts.title,
      authorId: comments.userId,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(eq(comments.id, commentId))
    .get();
  if (!comment)
    return { outcome: { kind: "link-invalid" }, decision: null, comment: null };
  const roleOf = (id: number | null): RoleName | null =>
    id === null
      ? null
      : (database
          .select({ role: users.role })
          .from(users)
          .where(eq(users.id, id))
          .get()?.role ?? null);
  const outcome = emailDecisionOutcome({
    token: state,
    moderatorRole: roleOf(row.userId),
    authorRole: roleOf(comment.authorId),
    commentState: comment.state,
  });
  return {
    outcome,
    decision,
    comment: {
      bodyHtml: comment.bodyHtml,
      state: comment.state,
      postTitle: comment.postTitle,
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Acts on a confirmed one-click link: uses the token up and makes the decision as the
 * moderator's, logged "by email". A link that no longer may act changes nothing.
 */
export function decideByEmail(token: string, now: Date): DecisionLink {
  const database = db();
  const link = inspectDecisionLink(database, token, now);
  const decision = link.decision;
  if (link.outcome.kind !== "act" || decision === null) return link;
  // The link is spent in the decision's own transaction: a decision that cannot be saved
  // leaves the link as it was, for the moderator to use again.
  const moved = database.transaction(
    (tx) => {
      const row = redeemToken(tx, "moderate-comment", token, now);
      if (!row) return 0;
      const { commentId } = detailSchema.parse(safeJson(row.detail ?? ""));
      const moderator = tx
        .select({ name: users.displayName, role: users.role })
        .from(users)
        .where(eq(users.id, row.userId))
        .get();
      // Gone since the link was checked: nobody is left to act as.
      if (!moderator) return 0;
      return decideQueuingNotices(
        [commentId],
        decision,
        { name: moderator.name, userId: row.userId, role: moderator.role },
        // A one-click decision gives the poster no reason.
        { note: "by email", reason: null },
        now,
      ).moved;
    },
    { behavior: "immediate" },
  );
  if (moved === 0) return inspectDecisionLink(database, token, now);
  wakeMailWorker();
  return { ...link, outcome: { kind: "act" } };
}
