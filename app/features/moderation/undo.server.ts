import { and, between, eq, inArray, max } from "drizzle-orm";
import { comments, moderationLog, posts, users } from "../../../db/schema";
import type { Tx } from "../../../db/client.server";
import type { RoleName } from "~/domain/permissions";
import {
  stateBefore,
  undoRefusal,
  UNDO_LOGGED,
  type UndoRefusal,
  type UndoTicket,
} from "~/domain/undo";
import { MODERATION_ACTIONS } from "~/domain/comment-states";
import type { Actor } from "~/features/moderation/moderation.server";
import { forgetDecisions } from "~/features/safety/spam-model.server";
import { db } from "~/platform/db.server";
import { transition, transitionColumns } from "./state-changes.server";

export type UndoOutcome = {
  undone: number;
  /** The comments that changed since the decision, so were left as they are. */
  leftAsTheyAre: { authorName: string | null; postTitle: string }[];
  /** Why nothing was undone at all: the time is up, or the decision is not this person's to undo. */
  refused: Exclude<UndoRefusal, "changed"> | null;
};

/**
 * Undoes one Reject, Spam or Remove (its ticket names the log rows it wrote): each comment goes
 * back where the decision found it, logged, in one transaction; an undone Spam is also taken out
 * of what the spam score learned. Comments that changed since are left alone and named.
 */
export function undoDecision(
  ticket: UndoTicket,
  undoer: Actor & { role: RoleName },
  now: Date,
  // Called in the undo's transaction with the comments put back, for what that takes back
  // elsewhere (the notify capability's notices, which this one cannot import).
  onUndone: (tx: Tx, commentIds: number[]) => void = () => {},
): UndoOutcome {
  return db().transaction(
    (tx) => {
      const logged = MODERATION_ACTIONS[ticket.action].logged;
      const rows = tx
        .select({
          logId: moderationLog.id,
          actedAt: moderationLog.createdAt,
          actorUserId: moderationLog.actorUserId,
          actorRole: users.role,
          ...transitionColumns,
          authorName: comments.authorName,
          bodyMarkdown: comments.bodyMarkdown,
          postTitle: posts.title,
        })
        .from(moderationLog)
        .innerJoin(comments, eq(comments.id, moderationLog.commentId))
        .innerJoin(posts, eq(posts.id, comments.postId))
        .leftJoin(users, eq(users.id, moderationLog.actorUserId))
        .where(
          and(
            between(moderationLog.id, ticket.firstLogId, ticket.lastLogId),
            eq(moderationLog.action, logged),
          ),
        )
        .all();
      const latest = new Map(
        rows.length === 0
          ? []
          : tx
              .select({
                commentId: moderationLog.commentId,
                latest: max(moderationLog.id),
              })
              .from(moderationLog)
              .where(
                inArray(
                  moderationLog.commentId,
                  rows.map((row) => row.id),
                ),
              )
              .groupBy(moderationLog.commentId)
              .all()
              .map((row) => [row.commentId, row.latest]),
      );
      const outcome: UndoOutcome = {
        undone: 0,
        leftAsTheyAre: [],
        refused: null,
      };
      const forgotten: { text: string; label: "spam" }[] = [];
      const putBack: number[] = [];
      const published = new Set(ticket.fromPublished);
      const judged = rows.map((row) => ({
        row,
        refusal: undoRefusal({
          now,
          actedAt: row.actedAt,
          undoer,
          actedBy: { userId: row.actorUserId, role: row.actorRole },
          state: row.state,
          action: ticket.action,
          latestLogId: latest.get(row.id) ?? row.logId,
          logId: row.logId,
        }),
      }));
      // One decision, one person, one moment: the time being up, or the decision being someone
      // else's, refuses the whole undo before anything changes.
      const refused = judged.find(
        (item) => item.refusal !== null && item.refusal !== "changed",
      )?.refusal;
      if (refused === "expired" || refused === "not-yours") {
        return { ...outcome, refused };
      }
      for (const { row, refusal } of judged) {
        if (refusal === "changed") {
          outcome.leftAsTheyAre.push({
            authorName: row.authorName,
            postTitle: row.postTitle,
          });
          continue;
        }
        transition(
          tx,
          row,
          stateBefore(ticket.action, published.has(row.id)),
          { actor: undoer, action: UNDO_LOGGED[ticket.action], note: null },
          now,
        );
        if (ticket.action === "spam") {
          forgotten.push({ text: row.bodyMarkdown, label: "spam" });
        }
        outcome.undone += 1;
        putBack.push(row.id);
      }
      forgetDecisions(tx, forgotten, now);
      if (putBack.length > 0) onUndone(tx, putBack);
      return outcome;
    },
    { behavior: "immediate" },
  );
}
