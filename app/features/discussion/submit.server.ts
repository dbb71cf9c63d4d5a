import { queueModeratorAlerts } from "~/features/notify/moderator-alerts.server";
import { subscribeToCommentOutcome } from "~/features/notify/comment-outcome.server";
import {
  follow,
  queueCommentFollowMail,
} from "~/features/notify/follows.server";
import type { ConfirmationRequest } from "~/features/notify/address-confirmation.server";
import { and, count, desc, eq, gt, or, sql } from "drizzle-orm";
import { asStored, preparedOnce, type Tx } from "../../../db/client.server";
import { comments, postTags, posts } from "../../../db/schema";
import {
  decide,
  type Decision,
  type PolicySettings,
  type PosterClass,
} from "~/domain/moderation-policy";
import {
  findActiveBans,
  posterKeys,
  type PosterKeys,
} from "~/features/moderation/ban.server";
import {
  listedAtPlaceholders,
  listedValues,
} from "~/features/posts/post.server";
import { logDecision } from "~/features/moderation/moderation.server";
import { pileOnForPost } from "~/features/safety/pile-on.server";
import { loadSpamModel } from "~/features/safety/spam-model.server";
import { decisionCount, score } from "~/domain/spam-score";
import { happeningNowPhrases } from "~/domain/happening-now";
import { renderCommentMarkdown } from "~/platform/markdown.server";
import { inSharedCommit } from "~/platform/shared-commit.server";
import { THE_POLICY } from "../moderation/policy-actor.server";
import {
  adjustPublishedCount,
  nextCommentNumber,
} from "~/features/moderation/comment-numbers.server";

/** The moderation log's action for a submitted comment whose poster was prompted to call 999. */
export const CALL_999_PROMPTED = "comment.prompted-999";

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
      /** The 999 prompt's phrases the text contains: the poster was prompted when not empty. */
      nowPhrases: string[];
      /** What became of the confirmation of the address the poster asked to be told at. */
      confirmation: ConfirmationRequest | null;
      /** Asked to be told of replies: whether the address still has to be confirmed. */
      followReplies?: ConfirmationRequest;
    };

// The queries of a comment's transaction, prepared once: see preparedOnce.
const listedPost = preparedOnce((database) =>
  database
    .select({
      id: posts.id,
      commentsMode: posts.commentsMode,
      date: posts.date,
    })
    .from(posts)
    .where(and(eq(posts.slug, asStored("slug")), listedAtPlaceholders()))
    .prepare(),
);

const parentComment = preparedOnce((database) =>
  database
    .select({ postId: comments.postId, state: comments.state })
    .from(comments)
    .where(eq(comments.id, asStored("id")))
    .prepare(),
);

/** The poster's latest comments, matched by every key they have (a member's, an email's). */
const recentCommentsOf = preparedOnce((database, keys: PosterKeys) =>
  database
    .select({ body: comments.bodyMarkdown, createdAt: comments.createdAt })
    .from(comments)
    .where(
      and(
        or(
          eq(comments.addressKey, asStored("addressKey")),
          eq(comments.guestKey, asStored("guestKey")),
          keys.endsWith("email")
            ? eq(comments.emailKey, asStored("emailKey"))
            : undefined,
          keys.startsWith("user")
            ? eq(comments.userId, asStored("userId"))
            : undefined,
        ),
        gt(comments.createdAt, asStored("since")),
      ),
    )
    .orderBy(desc(comments.createdAt))
    .limit(200)
    .prepare(),
);

const tagsOf = preparedOnce((database) =>
  database
    .select({ tag: postTags.tag })
    .from(postTags)
    .where(eq(postTags.postId, asStored("postId")))
    .prepare(),
);

const insertComment = preparedOnce((database) =>
  database
    .insert(comments)
    .values({
      postId: asStored("postId"),
      parentId: asStored("parentId"),
      number: asStored("number"),
      state: asStored("state"),
      posterClass: asStored("posterClass"),
      authorName: asStored("authorName"),
      emailKey: asStored("emailKey"),
      guestKey: asStored("guestKey"),
      addressKey: asStored("addressKey"),
      userId: asStored("userId"),
      bodyMarkdown: asStored("bodyMarkdown"),
      bodyHtml: asStored("bodyHtml"),
      reasons: asStored("reasons"),
      createdAt: asStored("createdAt"),
      publishedAt: asStored("publishedAt"),
      updatedAt: asStored("updatedAt"),
    })
    .returning({ id: comments.id })
    .prepare(),
);

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
    /** "Tell me what happens to this comment": the guest's email (a member's is their account's). */
    outcomeNotice?: { email: string | null } | null;
    /** "Email me when someone replies": the address to mail (the member's, or the one typed). */
    followReplies?: { address: string } | null;
  },
  policy: PolicySettings,
  now: Date,
): Promise<SubmitResult> {
  const { poster } = request;
  // Rendered before the write lock is taken, which other writers wait for.
  const bodyHtml = renderCommentMarkdown(request.body);
  // Under the shared commit's write lock: the comment number is read and taken in one go.
  return inSharedCommit((tx): SubmitResult => {
    const post = listedPost(tx).get({
      slug: request.postSlug,
      ...listedValues(now),
    });
    if (!post) return { kind: "post-not-found" };

    if (request.parentId !== null) {
      const parent = parentComment(tx).get({ id: request.parentId });
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
    const recentComments = recentCommentsOf(tx, posterKeys(poster)).all({
      addressKey: poster.addressKey,
      guestKey: poster.guestKey,
      emailKey: poster.emailKey,
      userId: poster.userId,
      since: since.getTime(),
    });

    const { ban, addressBanned } = findActiveBans(tx, poster, now);
    const guest =
      poster.posterClass === "named"
        ? guestCommentCounts(tx, poster)
        : { approved: 0, held: 0 };
    const spamModel = loadSpamModel(tx);
    const decision = decide(
      {
        posterClass: poster.posterClass,
        body: request.body,
        post: {
          commentsMode: post.commentsMode,
          date: post.date,
          tagNames: tagsOf(tx)
            .all({ postId: post.id })
            .map((row) => row.tag),
        },
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
        spam: {
          decisions: decisionCount(spamModel),
          score: score(spamModel, request.body),
        },
        pileOn: pileOnForPost(tx, post.id, policy, now),
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
    // The 999 prompt never changes the outcome; that it was shown is logged beside the decision.
    const nowPhrases = happeningNowPhrases(request.body, policy.nowPhrases);
    const logPrompt = (commentId: number | null) => {
      if (nowPhrases.length === 0) return;
      logDecision(tx, THE_POLICY, now, {
        ...logRow,
        reasons: [],
        commentId,
        action: CALL_999_PROMPTED,
        note: nowPhrases.join(", "),
      });
    };
    if (decision.outcome === "reject") {
      logDecision(tx, THE_POLICY, now, {
        ...logRow,
        action: "comment.refused",
      });
      logPrompt(null);
      return {
        kind: "decided",
        decision,
        comment: null,
        nowPhrases,
        confirmation: null,
      };
    }

    const publish = decision.outcome === "publish";
    const number = publish ? nextCommentNumber(tx, post.id) : null;
    const { id } = insertComment(tx).get({
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
      reasons: JSON.stringify(decision.reasons),
      createdAt: now.getTime(),
      publishedAt: publish ? now.getTime() : null,
      updatedAt: now.getTime(),
    })!;
    if (publish) adjustPublishedCount(tx, post.id, +1);
    logDecision(tx, THE_POLICY, now, {
      ...logRow,
      commentId: id,
      action: publish ? "comment.published" : "comment.held",
    });
    if (!publish)
      queueModeratorAlerts(tx, { kind: "held", commentId: id }, now);
    // Followers hear of a comment only once it is published: now, or when a moderator approves it.
    if (publish) queueCommentFollowMail(tx, id, now);
    const followReplies = request.followReplies
      ? follow(
          tx,
          {
            target: { kind: "replies", commentId: id },
            userId: poster.userId,
            address: request.followReplies.address,
          },
          now,
        ).confirmation
      : undefined;
    logPrompt(id);
    // Committed with the comment: the wish to be told and, for a guest, the link to confirm.
    const confirmation = request.outcomeNotice
      ? subscribeToCommentOutcome(
          tx,
          {
            commentId: id,
            userId: poster.userId,
            email: request.outcomeNotice.email,
          },
          now,
        )
      : null;
    return {
      kind: "decided",
      decision,
      comment: { id, number },
      nowPhrases,
      confirmation,
      followReplies,
    };
  });
}

/**
 * Published comments of the same returning guest: from the same browser (its signed guest cookie).
 * A name and an email alone are not enough, as anyone who has read the guest's comments may know
 * both; recognising another browser would need a confirmed email.
 */
/** A named guest's published comments and those still held, in one read of the guest-key index. */
export function guestCommentCounts(
  tx: Tx,
  poster: Pick<Poster, "guestKey">,
): { approved: number; held: number } {
  // Counted by state over the guest's rows only, so SQLite stays on the guest-key index rather
  // than walking every published comment of the site (comments_state_idx) inside the write lock.
  const row = guestCounts(tx).get({ guestKey: poster.guestKey });
  return { approved: row?.approved ?? 0, held: row?.held ?? 0 };
}

const guestCounts = preparedOnce((database) =>
  database
    .select({
      approved: sql<number>`coalesce(sum(${comments.state} = 'published'), 0)`,
      held: sql<number>`coalesce(sum(${comments.state} = 'pending'), 0)`,
    })
    .from(comments)
    .where(eq(comments.guestKey, asStored("guestKey")))
    .prepare(),
);

/** Published comments of a member: whether they are known apart from a banned address's poster. */
export function approvedMemberComments(tx: Tx, userId: number): number {
  return (
    tx
      .select({ approved: count() })
      .from(comments)
      .where(and(eq(comments.userId, userId), eq(comments.state, "published")))
      .get()?.approved ?? 0
  );
}
