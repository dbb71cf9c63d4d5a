import { count, eq, sql } from "drizzle-orm";
import { comments, reports } from "../../../db/schema";
import { db } from "../../platform/db.server";
import { getPolicySettings } from "./policy.server";

/**
 * How many comments wait for a moderator, shown in the header to staff: those held, and trusted
 * posters' comments that enough readers reported but that stayed published (reportComment). A
 * comment's open reports are from distinct reporters (decideReport), so counting them is enough.
 */
export function pendingCount(): number {
  const threshold = getPolicySettings().reportThreshold;
  const pending =
    db()
      .select({ pending: count() })
      .from(comments)
      .where(eq(comments.state, "pending"))
      .get()?.pending ?? 0;
  const alerted =
    db().get<{ alerted: number }>(
      sql`select count(*) as alerted from (
            select ${reports.commentId} from ${reports}
              join ${comments} on ${comments.id} = ${reports.commentId}
             where ${reports.dismissedAt} is null and ${comments.state} = 'published'
             group by ${reports.commentId}
            having count(*) >= ${threshold}
          )`,
    )?.alerted ?? 0;
  return pending + alerted;
}

/**
 * How many published comments have open reports from fewer readers than the threshold: not yet
 * waiting (pendingCount), but listed among the reports, so the header shows them beside it.
 */
export function reportedCount(): number {
  const threshold = getPolicySettings().reportThreshold;
  return (
    db().get<{ reported: number }>(
      sql`select count(*) as reported from (
            select ${reports.commentId} from ${reports}
              join ${comments} on ${comments.id} = ${reports.commentId}
             where ${reports.dismissedAt} is null and ${comments.state} = 'published'
             group by ${reports.commentId}
            having count(*) < ${threshold}
          )`,
    )?.reported ?? 0
  );
}
