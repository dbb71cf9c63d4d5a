// Counts for the pile-on brake, read inside the comment's transaction, and the brake's memory:
// one settings document per braked post, so the brake stays on for its hold time after a rush.
import {
  and,
  asc,
  count,
  eq,
  gt,
  inArray,
  isNull,
  like,
  sql,
} from "drizzle-orm";
import { asStored, preparedOnce, type Tx } from "../../../db/client.server";
import { comments, posts, reports, settings } from "../../../db/schema";
import { db } from "~/platform/db.server";
import {
  pileOnState,
  type PileOnSettings,
  type PileOnState,
} from "~/domain/pile-on";

const PREFIX = "pile-on:post:";

/** Distinct posters on a post since a time, counted only up to a limit. */
const recentPosters = preparedOnce((database) => {
  const posters = database
    .selectDistinct({
      poster: sql`coalesce('u' || ${comments.userId}, 'e' || ${comments.emailKey}, 'g' || ${comments.guestKey})`,
    })
    .from(comments)
    .where(
      and(
        eq(comments.postId, asStored("postId")),
        gt(comments.createdAt, asStored("since")),
      ),
    )
    .limit(sql.placeholder("limit"))
    .as("posters");
  return database.select({ n: count() }).from(posters).prepare();
});

/** The open reports since a time of the post's most reported comment. */
const mostReports = preparedOnce((database) =>
  database
    .select({ n: count() })
    .from(reports)
    .innerJoin(comments, eq(comments.id, reports.commentId))
    .where(
      and(
        eq(comments.postId, asStored("postId")),
        gt(reports.createdAt, asStored("since")),
        isNull(reports.dismissedAt),
      ),
    )
    .groupBy(reports.commentId)
    .orderBy(sql`count(*) desc`)
    .limit(1)
    .prepare(),
);

const rememberedBrake = preparedOnce((database) =>
  database
    .select({ value: settings.value })
    .from(settings)
    .where(eq(settings.key, asStored("key")))
    .prepare(),
);

const rememberBrake = preparedOnce((database) =>
  database
    .insert(settings)
    .values({
      key: asStored("key"),
      value: asStored("value"),
      updatedAt: asStored("updatedAt"),
    })
    .onConflictDoUpdate({
      target: settings.key,
      set: {
        value: sql`excluded.${sql.identifier(settings.value.name)}`,
        updatedAt: sql`excluded.${sql.identifier(settings.updatedAt.name)}`,
      },
    })
    .prepare(),
);

/** Whether the brake is on for a post, remembering a new rush. Three queries, at most one write. */
export function pileOnForPost(
  tx: Tx,
  postId: number,
  policy: PileOnSettings,
  now: Date,
): PileOnState {
  const since = now.getTime() - policy.pileOnWindowMinutes * 60_000;
  // Counted only as far as the rule looks (one past its limit): during a rush the window holds
  // thousands of comments, and counting them all made each new comment slower than the last.
  const posters = recentPosters(tx).get({
    postId,
    since,
    limit: policy.pileOnPosters + 1,
  });
  const reported = mostReports(tx).get({ postId, since });
  const key = `${PREFIX}${postId}`;
  const remembered = rememberedBrake(tx).get({ key });
  const engagedAt =
    typeof (remembered?.value as { engagedAt?: unknown } | undefined)
      ?.engagedAt === "number"
      ? new Date((remembered!.value as { engagedAt: number }).engagedAt)
      : null;
  const state = pileOnState(
    policy,
    {
      distinctPosters: posters?.n ?? 0,
      mostReportsOnOneComment: reported?.n ?? 0,
      engagedAt,
    },
    now,
  );
  if (state.engaged && state.cause !== "cooling") {
    const value = { engagedAt: now.getTime(), cause: state.cause };
    rememberBrake(tx).run({
      key,
      value: JSON.stringify(value),
      updatedAt: now.getTime(),
    });
  }
  return state;
}

/** Posts whose brake engaged within the hold time, for the desk's alert. One query. */
export function brakedPostIds(
  tx: Pick<Tx, "select">,
  policy: PileOnSettings,
  now: Date,
): number[] {
  const since = now.getTime() - policy.pileOnHoldMinutes * 60_000;
  return tx
    .select({ key: settings.key, value: settings.value })
    .from(settings)
    .where(like(settings.key, `${PREFIX}%`))
    .all()
    .filter((row) => {
      const at = (row.value as { engagedAt?: unknown }).engagedAt;
      return typeof at === "number" && at > since;
    })
    .map((row) => Number(row.key.slice(PREFIX.length)));
}

/** The posts whose brake is on, with their titles, for the desk's alert. Two queries. */
export function brakedPosts(
  policy: PileOnSettings,
  now: Date,
): { id: number; title: string }[] {
  const ids = brakedPostIds(db(), policy, now);
  if (ids.length === 0) return [];
  return db()
    .select({ id: posts.id, title: posts.title })
    .from(posts)
    .where(inArray(posts.id, ids))
    .orderBy(asc(posts.title))
    .all();
}
