import { sql } from "drizzle-orm";
import {
  buildTransparencyReport,
  COUNTED_ACTIONS,
  TRANSPARENCY_COLUMNS,
  type TransparencyMonth,
} from "~/domain/transparency";
import { db } from "~/platform/db.server";

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

const MONTH = sql`strftime('%Y-%m', created_at / 1000, 'unixepoch')`;
const HELD_ACTIONS = TRANSPARENCY_COLUMNS.held.actions;
const REASONED_ACTIONS = [
  ...TRANSPARENCY_COLUMNS.held.actions,
  ...TRANSPARENCY_COLUMNS.refused.actions,
];
/** A moderator's answer to a held comment, which ends its wait. */
const DECISIONS = [
  ...TRANSPARENCY_COLUMNS.approved.actions,
  ...TRANSPARENCY_COLUMNS.rejected.actions,
];

/**
 * The public transparency report, from the moderation log: three grouped queries whatever its
 * length. Only actions, poster classes, reason codes and times are read: never a name, a key,
 * a note or a comment's text.
 */
export function transparencyReport(): TransparencyMonth[] {
  const counts = db().all<{
    month: string;
    action: string;
    posterClass: string | null;
    count: number;
  }>(sql`
    SELECT ${MONTH} AS month, action, poster_class AS posterClass, count(*) AS count
    FROM moderation_log
    WHERE action IN (${inList(COUNTED_ACTIONS)})
    GROUP BY month, action, poster_class`);
  const reasons = db().all<{
    month: string;
    action: string;
    code: string;
    count: number;
  }>(sql`
    SELECT ${MONTH} AS month, action, json_extract(reason.value, '$.code') AS code,
      count(*) AS count
    FROM moderation_log, json_each(moderation_log.reasons) AS reason
    WHERE action IN (${inList(REASONED_ACTIONS)})
    GROUP BY month, action, code`);
  // Each hold, and the first moderator's decision on the same comment after it.
  const waits = db().all<{ month: string; waitMs: number }>(sql`
    SELECT month, decided_at - held_at AS waitMs FROM (
      SELECT ${MONTH} AS month, held.created_at AS held_at,
        (SELECT min(decision.created_at) FROM moderation_log AS decision
          WHERE decision.comment_id = held.comment_id
            AND decision.created_at >= held.created_at
            AND decision.action IN (${inList(DECISIONS)})) AS decided_at
      FROM moderation_log AS held
      WHERE held.action IN (${inList(HELD_ACTIONS)}) AND held.comment_id IS NOT NULL
    ) WHERE decided_at IS NOT NULL`);
  return buildTransparencyReport({ counts, reasons, waits });
}
