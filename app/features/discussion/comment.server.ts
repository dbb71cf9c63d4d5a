import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  inArray,
  isNotNull,
  isNull,
  or,
  sql,
} from "drizzle-orm";
import type { Tx } from "../../../db/client.server";
import { comments, posts, reports } from "../../../db/schema";
import type { ReportReason } from "../../domain/report-reasons";
import {
  decideReport,
  REPORT_WINDOW_MS,
  type Reporter,
} from "../../domain/report-rules";
import {
  MODERATION_ACTIONS,
  nextState,
  VISIBLE_STATES,
  type CommentState,
  type ModerationAction,
} from "../../domain/comment-states";
import {
  decide,
  type Decision,
  type PolicySettings,
  type PosterClass,
} from "../../domain/moderation-policy";
import { db } from "../../platform/db.server";
import { renderCommentMarkdown } from "../../platform/markdown.server";
import { inSharedCommit } from "../../platform/shared-commit.server";
import { findActiveBans } from "../moderation/ban.server";
import { logDecision, type Actor } from "../moderation/moderation.server";

/** The moderation policy, as the actor of the decisions it makes itself. */
const THE_POLICY: Actor = { name: "policy", userId: null };

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

/**
 * The places of a post's discussion in publishing order, with the viewer's own pending
 * comments after it: two queries whatever the number of comments. Their text is read only for
 * the page shown (threadComments).
 */
export function listThreadPlaces(
  postId: number,
  viewer: ThreadViewer,
): ThreadPlace[] {
  const visible = db()
    .select(placeColumns)
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
): Map<number, ThreadComment> {
  const rows = db()
    .select(threadColumns)
    .from(comments)
    .where(
      inArray(
        comments.id,
        places.map((place) => place.id),
      ),
    )
    .all();
  return new Map(
    rows.map((comment) => {
      const placeholder = isPlaceholder(comment.state);
      return [
        comment.id,
        {
          ...comment,
          placeholder,
          authorName: placeholder ? null : comment.authorName,
          bodyHtml: placeholder ? "" : comment.bodyHtml,
        },
      ];
    }),
  );
}

/** Who is posting, as the server recognised them. Keys are HMACs; nothing here is personal. */
export type Poster = {
  posterClass: PosterClass;
  name: string | null;
  emailKey: string | null;
  guestKey: string;
  addressKey: string;
  /** The signed-in member, if any. */
  userId: number | null;
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
 * the post's comment count and a moderation-log row, all in one transaction, committed together
 * with the other comments of the moment (inSharedCommit). Resolves once it is on disk.
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
): Promise<SubmitResult> {
  const { poster } = request;
  // Rendered before the write lock is taken, which other writers wait for.
  const bodyHtml = renderCommentMarkdown(request.body);
  // Under the shared commit's write lock: the comment number is read and taken in one go.
  return inSharedCommit((tx): SubmitResult => {
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
      poster.userId === null ? undefined : eq(comments.userId, poster.userId),
    );
    const recentComments = tx
      .select({ body: comments.bodyMarkdown, createdAt: comments.createdAt })
      .from(comments)
      .where(and(samePoster, gt(comments.createdAt, since)))
      .orderBy(desc(comments.createdAt))
      .limit(200)
      .all();

    const { ban, addressBanned } = findActiveBans(tx, poster, now);
    const guest =
      poster.posterClass === "named"
        ? guestCommentCounts(tx, poster)
        : { approved: 0, held: 0 };
    const decision = decide(
      {
        posterClass: poster.posterClass,
        body: request.body,
        post: { commentsMode: post.commentsMode, date: post.date },
        recentComments,
        approvedCount:
          poster.posterClass === "named"
            ? guest.approved
            : poster.posterClass === "member" && addressBanned
              ? approvedMemberComments(tx, poster.userId!)
              : 0,
        heldCount: guest.held,
        ban,
        addressBanned,
      },
      policy,
      now,
    );

    const logRow = {
      postId: post.id,
      posterClass: poster.posterClass,
      addressKey: poster.addressKey,
      guestKey: poster.guestKey,
      reasons: decision.reasons,
    };
    if (decision.outcome === "reject") {
      logDecision(tx, THE_POLICY, now, {
        ...logRow,
        action: "comment.refused",
      });
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
        userId: poster.userId,
        bodyMarkdown: request.body,
        bodyHtml,
        reasons: decision.reasons,
        createdAt: now,
        publishedAt: publish ? now : null,
        updatedAt: now,
      })
      .returning({ id: comments.id })
      .get();
    if (publish) adjustPublishedCount(tx, post.id, +1);
    logDecision(tx, THE_POLICY, now, {
      ...logRow,
      commentId: id,
      action: publish ? "comment.published" : "comment.held",
    });
    return { kind: "decided", decision, comment: { id, number } };
  });
}

/**
 * Published comments of the same returning guest: from the same browser (its signed guest cookie).
 * A name and an email alone are not enough, as anyone who has read the guest's comments may know
 * both; recognising another browser would need a confirmed email.
 */
/** A named guest's published comments and those still held, in one read of the guest-key index. */
function guestCommentCounts(
  tx: Tx,
  poster: Poster,
): { approved: number; held: number } {
  // Counted by state over the guest's rows only, so SQLite stays on the guest-key index rather
  // than walking every published comment of the site (comments_state_idx) inside the write lock.
  const row = tx
    .select({
      approved: sql<number>`coalesce(sum(${comments.state} = 'published'), 0)`,
      held: sql<number>`coalesce(sum(${comments.state} = 'pending'), 0)`,
    })
    .from(comments)
    .where(eq(comments.guestKey, poster.guestKey))
    .get();
  return { approved: row?.approved ?? 0, held: row?.held ?? 0 };
}

/** Published comments of a member: whether they are known apart from a banned address's poster. */
function approvedMemberComments(tx: Tx, userId: number): number {
  return (
    tx
      .select({ approved: count() })
      .from(comments)
      .where(and(eq(comments.userId, userId), eq(comments.state, "published")))
      .get()?.approved ?? 0
  );
}

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

/** Moves one comment to a new state, keeping its post's count and number right, and logs it. */
function transition(
  tx: Tx,
  comment: {
    id: number;
    postId: number;
    state: CommentState;
    number: number | null;
    posterClass: PosterClass;
  },
  to: CommentState,
  log: { actor: Actor; action: string; note: string | null },
  now: Date,
): void {
  const publishing = to === "published";
  tx.update(comments)
    .set({
      state: to,
      // A comment keeps the number it was first published with.
      number: publishing
        ? (comment.number ?? nextCommentNumber(tx, comment.postId))
        : comment.number,
      publishedAt: publishing && comment.number === null ? now : undefined,
      updatedAt: now,
    })
    .where(eq(comments.id, comment.id))
    .run();
  const delta = Number(publishing) - Number(comment.state === "published");
  if (delta !== 0) adjustPublishedCount(tx, comment.postId, delta);
  logDecision(tx, log.actor, now, {
    action: log.action,
    commentId: comment.id,
    postId: comment.postId,
    posterClass: comment.posterClass,
    note: log.note,
  });
}

const transitionColumns = {
  id: comments.id,
  postId: comments.postId,
  state: comments.state,
  number: comments.number,
  posterClass: comments.posterClass,
};

/**
 * A moderator's decision on one or more comments. Comments the action does not apply to
 * (already decided by someone else, or in another state) are left alone; returns how many moved.
 */
export function moderateComments(
  commentIds: readonly number[],
  action: ModerationAction,
  actor: Actor,
  note: string | null,
  now: Date,
): number {
  if (commentIds.length === 0) return 0;
  return db().transaction(
    (tx) => {
      let moved = 0;
      const rows = tx
        .select(transitionColumns)
        .from(comments)
        .where(inArray(comments.id, [...commentIds]))
        .all();
      for (const comment of rows) {
        const to = nextState(comment.state, action);
        if (to === null) continue;
        transition(
          tx,
          comment,
          to,
          { actor, action: MODERATION_ACTIONS[action].logged, note },
          now,
        );
        if (to === "published") {
          // Publishing it again is the answer to its open reports: they must not count twice.
          tx.update(reports)
            .set({ dismissedAt: now, dismissedBy: actor.userId })
            .where(
              and(
                eq(reports.commentId, comment.id),
                isNull(reports.dismissedAt),
              ),
            )
            .run();
        }
        moved += 1;
      }
      return moved;
    },
    { behavior: "immediate" },
  );
}

/** Publishes a held comment. */
export function approveComment(
  commentId: number,
  actor: Actor,
  now: Date,
): boolean {
  return moderateComments([commentId], "approve", actor, null, now) === 1;
}

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
