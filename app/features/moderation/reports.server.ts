import { and, eq, gt, isNull, or } from "drizzle-orm";
import { comments, reports } from "../../../db/schema";
import type { ReportReason } from "~/domain/report-reasons";
import {
  decideReport,
  REPORT_WINDOW_MS,
  type Reporter,
} from "~/domain/report-rules";
import {
  logDecision,
  type Actor,
} from "~/features/moderation/moderation.server";
import { db } from "~/platform/db.server";
import type { Tx } from "../../../db/client.server";
import { THE_POLICY } from "./policy-actor.server";
import { transition, transitionColumns } from "./state-changes.server";

export type ReportResult =
  | { kind: "reported" | "already-reported" | "not-reportable" }
  | { kind: "rate-limited"; retryAfterSeconds: number; message: string };

/** A stored report's reporter; reports from before the keys were kept know only one of them. */
function reporterOf(row: {
  reporterKey: string;
  guestKey: string | null;
  addressKey: string | null;
}): Reporter {
  const [kind, key] = row.reporterKey.split(/:(.*)/s);
  return {
    userId: kind === "user" ? Number(key) : null,
    guestKey: row.guestKey ?? (kind === "guest" ? (key ?? null) : null),
    addressKey: row.addressKey,
  };
}

/**
 * Records a reader's report of a published comment, under the report rules (decideReport): one
 * report per reporter and comment, by any of their keys, and at most REPORT_LIMIT an hour. At
 * `threshold` distinct reporters the comment goes back to pending for a moderator, or, when its
 * poster is trusted, stays up and alerts the moderators; the policy logs either.
 */
export function reportComment(
  input: {
    commentId: number;
    reporter: Reporter & { guestKey: string; addressKey: string };
    reason: ReportReason;
    note: string | null;
  },
  threshold: number,
  now: Date,
  /**
   * Called in the report's transaction when it holds the comment or alerts the moderators, so
   * the alert commits with it (the notify capability's, which this one cannot import).
   */
  onModeratorsWanted: (
    tx: Tx,
    event: { commentId: number; reportId: number },
  ) => void = () => {},
): ReportResult {
  const { reporter } = input;
  return db().transaction(
    (tx): ReportResult => {
      const comment = tx
        .select(transitionColumns)
        .from(comments)
        .where(eq(comments.id, input.commentId))
        .get();
      if (!comment || comment.state !== "published")
        return { kind: "not-reportable" };
      const reporterKey =
        reporter.userId === null
          ? `guest:${reporter.guestKey}`
          : `user:${reporter.userId}`;
      const reportColumns = {
        reporterKey: reports.reporterKey,
        guestKey: reports.guestKey,
        addressKey: reports.addressKey,
      };
      const earlier = tx
        .select({ ...reportColumns, dismissedAt: reports.dismissedAt })
        .from(reports)
        .where(eq(reports.commentId, comment.id))
        .all()
        .map((row) => ({ ...reporterOf(row), open: row.dismissedAt === null }));
      const recentByReporter = tx
        .select({ createdAt: reports.createdAt })
        .from(reports)
        .where(
          and(
            or(
              eq(reports.reporterKey, reporterKey),
              eq(reports.guestKey, reporter.guestKey),
              eq(reports.addressKey, reporter.addressKey),
            ),
            gt(reports.createdAt, new Date(now.getTime() - REPORT_WINDOW_MS)),
          ),
        )
        .all()
        .map((row) => row.createdAt);
      const decision = decideReport(
        {
          reporter,
          posterClass: comment.posterClass,
          earlier,
          recentByReporter,
        },
        threshold,
        now,
      );
      if (decision.outcome === "rate-limited") {
        return {
          kind: "rate-limited",
          retryAfterSeconds: decision.retryAfterSeconds,
          message: decision.message,
        };
      }
      if (decision.outcome === "already-reported")
        return { kind: "already-reported" };
      const inserted = tx
        .insert(reports)
        .values({
          commentId: comment.id,
          reporterKey,
          guestKey: reporter.guestKey,
          addressKey: reporter.addressKey,
          reason: input.reason,
          note: input.note,
          createdAt: now,
        })
        .onConflictDoNothing()
        .returning({ id: reports.id })
        .get();
      if (!inserted) return { kind: "already-reported" };
      const note = `${decision.reporters} readers reported it`;
      if (decision.effect === "hold") {
        transition(
          tx,
          comment,
          "pending",
          { actor: THE_POLICY, action: "comment.reported", note },
          now,
        );
      } else if (decision.effect === "alert") {
        logDecision(tx, THE_POLICY, now, {
          action: "reports.alert",
          commentId: comment.id,
          postId: comment.postId,
          posterClass: comment.posterClass,
          note: `${note}; it stays published because its poster is trusted`,
        });
      }
      if (decision.effect === "hold" || decision.effect === "alert")
        onModeratorsWanted(tx, {
          commentId: comment.id,
          reportId: inserted.id,
        });
      return { kind: "reported" };
    },
    { behavior: "immediate" },
  );
}

/** Marks the open reports of a comment as dealt with. */
export function dismissReports(
  commentId: number,
  actor: Actor,
  now: Date,
): number {
  return db().transaction((tx) => {
    const dismissed = tx
      .update(reports)
      .set({ dismissedAt: now, dismissedBy: actor.userId })
      .where(and(eq(reports.commentId, commentId), isNull(reports.dismissedAt)))
      .run().changes;
    if (dismissed > 0) {
      logDecision(tx, actor, now, {
        action: "reports.dismissed",
        commentId,
        note: `${dismissed} report${dismissed === 1 ? "" : "s"}`,
      });
    }
    return dismissed;
  });
}
