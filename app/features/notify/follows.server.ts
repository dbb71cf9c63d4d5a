import { followFormSchema } from "../../domain/follow-form";
import { and, asc, eq, gt, gte, inArray, or, sql } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.server";
import {
  comments,
  postTags,
  posts,
  subscriptions,
  users,
  type Subscription,
} from "../../../db/schema";
import {
  batchDue,
  followersOfComment,
  followWords,
  type FollowActionResult,
  isNewPost,
  isOwnComment,
  waitingSince,
  type FollowCadence,
  type Follower,
} from "../../domain/follow-mail";
import { fieldErrors } from "../../domain/account-forms";
import { lastListedDate } from "../../domain/scheduling";
import { commentPath } from "../../domain/thread";
import type { MailContent, MailSection } from "../mail/compose.server";
import { siteLink } from "../mail/messages.server";
import { queueMail } from "../mail/outbox.server";
import { wakeMailWorker } from "../mail/worker.server";
import { addressKey, emailKey } from "../../platform/secrets.server";
import { mailRequestRetryAfter } from "../mail/request-limit.server";
import { log, logError } from "../../platform/log.server";
import { db } from "../../platform/db.server";
import { getSessionUser } from "../accounts/session.server";
import {
  isConfirmedAddress,
  requestAddressConfirmation,
  type ConfirmationRequest,
} from "./address-confirmation.server";
import { unsubscribeLinks, unsubscribeToken } from "./unsubscribe.server";

/**
 * Readers following a discussion, a comment's replies, an area or a tag (decisions 040, 041).
 * A subscription is a row of `subscriptions`; what its next message holds is not recorded
 * apart: it is what was published (comments) or listed (posts) since the subscription's
 * `lastSentAt`, or since it began, read when the message is due. So a comment removed before
 * its batch goes out is never sent, and a held one is sent only once a moderator publishes it.
 */

export type FollowTarget =
  | { kind: "replies"; commentId: number }
  | { kind: "discussion"; postId: number }
  | { kind: "area" | "tag"; slug: string };

function targetText(target: FollowTarget): string {
  switch (target.kind) {
    case "replies":
      return String(target.commentId);
    case "discussion":
      return String(target.postId);
    default:
      return target.slug;
  }
}

const CADENCE_OF = {
  replies: "immediate",
  discussion: "hourly",
} as const satisfies Record<string, FollowCadence>;

/** A member's account address, for a follow made with one click. */
export function memberAddress(database: Db | Tx, userId: number): string {
  return database
    .select({ email: users.email })
    .from(users)
    .where(eq(users.id, userId))
    .get()!.email;
}

/**
 * Follows something for an address, in the caller's transaction: a second follow of the same
 * thing by the same address changes its cadence rather than adding a row. An address not yet
 * confirmed is sent the confirmation link (nothing else is sent to it until it is followed).
 */
export function follow(
  tx: Tx,
  input: {
    target: FollowTarget;
    userId: number | null;
    address: string;
    /** For areas and tags; a discussion is hourly and replies at once. */
    cadence?: "immediate" | "weekly";
  },
  now: Date,
): { subscriptionId: number; confirmation: ConfirmationRequest } {
  const { target } = input;
  const cadence: FollowCadence =
    target.kind === "replies" || target.kind === "discussion"
      ? CADENCE_OF[target.kind]
      : (input.cadence ?? "immediate");
  const address = input.address.trim();
  const { id } = tx
    .insert(subscriptions)
    .values({
      kind: target.kind,
      target: targetText(target),
      userId: input.userId,
      address,
      addressKey: emailKey(address),
      cadence,
      createdAt: now,
      lastSentAt: null,
    })
    .onConflictDoUpdate({
      target: [
        subscriptions.kind,
        subscriptions.target,
        subscriptions.addressKey,
      ],
      set: { cadence, userId: input.userId ?? undefined },
    })
    .returning({ id: subscriptions.id })
    .get();
  const confirmation = requestAddressConfirmation(tx, address, now);
  if (confirmation === "sent") wakeMailWorker();
  return { subscriptionId: id, confirmation };
}

/**
 * What a page's Follow form shows a member: whether they already follow it, and the page that
 * lists what their address follows (to stop it). For a guest, nothing is known.
 */
/** For a page's Follow form: whether a member is signed in, and whether they follow it. */
export function memberFollowing(
  user: { id: number } | null,
  target: Extract<FollowTarget, { kind: "discussion" | "area" | "tag" }>,
) {
  return {
    member: user !== null,
    follow: followState(user?.id ?? null, target),
  };
}

export function followState(
  userId: number | null,
  target: Extract<FollowTarget, { kind: "discussion" | "area" | "tag" }>,
): { following: boolean; manageHref: string | null } {
  if (userId === null) return { following: false, manageHref: null };
  const addressKey = emailKey(memberAddress(db(), userId));
  const found = db()
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.kind, target.kind),
        eq(subscriptions.target, targetText(target)),
        eq(subscriptions.addressKey, addressKey),
      ),
    )
    .get();
  return {
    following: found !== undefined,
    manageHref: `/subscriptions/${unsubscribeToken(addressKey, "all")}`,
  };
}

/** Follows a guest may ask for from one client address in an hour. */
export const GUEST_FOLLOWS_PER_CLIENT_HOUR = 10;

/**
 * A page's Follow form (a discussion, an area, a tag): a member follows at their account's
 * address, a guest at the one typed. What the reader typed comes back with a refusal.
 */
export async function handleFollowForm(
  request: Request,
  clientAddress: string,
  fields: Record<string, unknown>,
  target: Extract<FollowTarget, { kind: "discussion" | "area" | "tag" }>,
): Promise<{
  result: FollowActionResult;
  status: number;
  /** Seconds, when the client has made too many follows. */
  retryAfter?: number;
}> {
  const user = await getSessionUser(request);
  const values = {
    email: typeof fields.email === "string" ? fields.email : "",
    cadence: typeof fields.cadence === "string" ? fields.cadence : "",
  };
  const parsed = followFormSchema(user === null).safeParse(fields);
  if (!parsed.success)
    return {
      status: 400,
      result: {
        form: "follow",
        status: "invalid",
        message: "Please check the form: you do not follow it yet.",
        errors: fieldErrors<"email" | "cadence">(parsed.error.issues, {
          fields: ["email", "cadence"],
        }),
        values,
      },
    };
  const now = new Date();
  // Each guest's follow may mail a link to an address anyone can type: counted per client.
  const wait =
    user === null
      ? mailRequestRetryAfter(
          "follow",
          addressKey(clientAddress),
          GUEST_FOLLOWS_PER_CLIENT_HOUR,
          now,
        )
      : null;
  if (wait !== null)
    return {
      status: 429,
      retryAfter: wait,
      result: {
        form: "follow",
        status: "limited",
        message: `Too many follows from here. Please try again in ${Math.ceil(wait / 60)} minutes.`,
        errors: {},
        values,
      },
    };
  const address =
    user === null ? parsed.data.email! : memberAddress(db(), user.id);
  const { confirmation } = db().transaction(
    (tx) =>
      follow(
        tx,
        {
          target,
          userId: user?.id ?? null,
          address,
          cadence: parsed.data.cadence,
        },
        now,
      ),
    { behavior: "immediate" },
  );
  const { followed } = followWords(target.kind);
  const how =
    target.kind === "discussion"
      ? "an email when people comment, at most one an hour"
      : parsed.data.cadence === "weekly"
        ? "a weekly email when there are new posts"
        : "an email for each new post";
  // A guest is answered the same whatever became of the address, so nobody learns from it
  // whether someone else's address is confirmed here.
  if (user === null)
    return {
      status: 200,
      result: {
        form: "follow",
        status: "confirm",
        message: `Thank you. Unless you have confirmed your email here before, follow the link we sent to it. Then you get ${how}; each email has a link to stop.`,
        errors: {},
        values,
      },
    };
  if (confirmation === "confirmed")
    return {
      status: 200,
      result: {
        form: "follow",
        status: "following",
        message: `You follow ${followed}: ${how}. Each email has a link to stop.`,
        errors: {},
        values,
      },
    };
  if (confirmation === "limited")
    return {
      status: 429,
      result: {
        form: "follow",
        status: "limited",
        message:
          "We could not send the link to confirm your account's email just now. Try again later.",
        errors: {},
        values,
      },
    };
  return {
    status: 200,
    result: {
      form: "follow",
      status: "confirm",
      message: `Nearly done: follow the link we sent to your account's email to confirm it. Then you get ${how}.`,
      errors: {},
      values,
    },
  };
}

function asFollower(
  database: Db | Tx,
  row: Subscription,
): Follower & Subscription {
  return {
    ...row,
    kind: row.kind as Follower["kind"],
    confirmed: isConfirmedAddress(database, row.address),
  };
}

/** The foot of every message to a follower: why, and the links that stop it. */
function followerFoot(
  row: Pick<Subscription, "id" | "addressKey">,
  reason: string,
): Pick<MailContent, "reason" | "footerLinks"> & { unsubscribeUrl: string } {
  const links = unsubscribeLinks(row.addressKey, row.id);
  return {
    reason: `${reason} Stop it with one click, or see everything this address follows:`,
    footerLinks: [
      { label: "Stop these emails", url: links.oneClickUrl },
      { label: "What this address follows", url: links.pageUrl },
    ],
    unsubscribeUrl: links.oneClickUrl,
  };
}

function queueForFollower(
  tx: Tx,
  row: Subscription,
  kind: string,
  content: Omit<MailContent, "reason" | "footerLinks">,
  reason: string,
  now: Date,
): boolean {
  const { unsubscribeUrl, ...foot } = followerFoot(row, reason);
  const sent = queueMail(
    tx,
    { kind, to: row.address, content: { ...content, ...foot }, unsubscribeUrl },
    now,
  );
  // Not queued (the address has had its share): the next message picks up what waits.
  if (sent)
    tx.update(subscriptions)
      .set({ lastSentAt: now })
      .where(eq(subscriptions.id, row.id))
      .run();
  return sent;
}

type CommentForMail = {
  id: number;
  postId: number;
  parentId: number | null;
  number: number | null;
  state: string;
  userId: number | null;
  emailKey: string | null;
  authorName: string | null;
  bodyHtml: string;
  publishedAt: Date | null;
};

const commentColumns = {
  id: comments.id,
  postId: comments.postId,
  parentId: comments.parentId,
  number: comments.number,
  state: comments.state,
  userId: comments.userId,
  emailKey: comments.emailKey,
  authorName: comments.authorName,
  bodyHtml: comments.bodyHtml,
  publishedAt: comments.publishedAt,
};

function commentSection(
  comment: CommentForMail,
  postSlug: string,
): MailSection {
  return {
    paragraphs: [`${comment.authorName ?? "Anonymous"} wrote:`],
    // Stored sanitized when it was written, as the page shows it.
    quoteHtml: comment.bodyHtml,
    links: [
      {
        label: "Read it in the discussion",
        url: siteLink(commentPath(postSlug, comment.number!)),
      },
    ],
  };
}

/**
 * What a newly published comment causes, in the transaction that publishes it (the policy's
 * on submit, a moderator's approval): a message at once to the author of the comment it
 * answers, and the discussion's followers' hourly batch, sent now if their last one went out
 * an hour ago or more. Nothing for a comment that is not published.
 */
export function queueCommentFollowMail(
  tx: Tx,
  commentId: number,
  now: Date,
): void {
  const comment = tx
    .select({ ...commentColumns, slug: posts.slug, title: posts.title })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(eq(comments.id, commentId))
    .get();
  if (!comment || comment.state !== "published" || comment.number === null)
    return;
  const rows = tx
    .select()
    .from(subscriptions)
    .where(
      or(
        and(
          eq(subscriptions.kind, "discussion"),
          eq(subscriptions.target, String(comment.postId)),
        ),
        comment.parentId === null
          ? undefined
          : and(
              eq(subscriptions.kind, "replies"),
              eq(subscriptions.target, String(comment.parentId)),
            ),
      ),
    )
    .orderBy(asc(subscriptions.id))
    .all()
    .map((row) => asFollower(tx, row));
  const { replies, discussion } = followersOfComment(comment, rows);
  let queued = false;
  for (const row of replies) {
    queued =
      queueForFollower(
        tx,
        row,
        "follow-reply",
        {
          subject: `A reply to your comment on “${comment.title}”`,
          paragraphs: [
            `Someone replied to your comment on “${comment.title}”.`,
          ],
          sections: [commentSection(comment, comment.slug)],
        },
        "You are getting this email because you asked to be told of replies to your comment.",
        now,
      ) || queued;
  }
  for (const row of discussion) {
    if (sendDiscussionBatch(tx, row, now)) queued = true;
  }
  if (queued) wakeMailWorker();
}

/**
 * One discussion follower's batch, when it is due: the comments published on the post since
 * their last message (or since they began following), except their own. Returns whether a
 * message was queued.
 */
function sendDiscussionBatch(tx: Tx, row: Subscription, now: Date): boolean {
  const due = discussionBatch(tx, row, now);
  if (due === null) return false;
  const { post, news } = due;
  const count =
    news.length === 1 ? "A new comment" : `${news.length} new comments`;
  return queueForFollower(
    tx,
    row,
    "follow-discussion",
    {
      subject: `${count} on “${post.title}”`,
      paragraphs: [
        `${count} on “${post.title}”, the discussion you follow. You get at most one email an hour about it.`,
      ],
      sections: news.map((comment) => commentSection(comment, post.slug)),
      action: {
        label: "Open the discussion",
        url: siteLink(`/posts/${post.slug}#comments`),
      },
    },
    "You are getting this email because you follow this discussion.",
    now,
  );
}

/** A discussion follower's batch when it is due (read only), or null. */
function discussionBatch(
  tx: Db | Tx,
  row: Subscription,
  now: Date,
): {
  post: { id: number; slug: string; title: string };
  news: CommentForMail[];
} | null {
  const since = waitingSince({
    lastSentAt: row.lastSentAt,
    followingSince: row.createdAt,
  });
  const post = tx
    .select({ id: posts.id, slug: posts.slug, title: posts.title })
    .from(posts)
    .where(eq(posts.id, Number(row.target)))
    .get();
  if (!post) return null;
  const waiting = tx
    .select(commentColumns)
    .from(comments)
    .where(
      and(
        eq(comments.postId, post.id),
        eq(comments.state, "published"),
        gt(comments.publishedAt, since),
      ),
    )
    .orderBy(asc(comments.publishedAt), asc(comments.id))
    .all()
    .filter((comment) => !isOwnComment(row, comment));
  // A reply to this reader's own comment reached them at once, by the reply message.
  const repliesFollowed = new Set(
    tx
      .select({ target: subscriptions.target })
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.kind, "replies"),
          eq(subscriptions.addressKey, row.addressKey),
        ),
      )
      .all()
      .map((r) => r.target),
  );
  const news = waiting.filter(
    (comment) =>
      comment.parentId === null ||
      !repliesFollowed.has(String(comment.parentId)),
  );
  return batchDue({
    cadence: "hourly",
    lastSentAt: row.lastSentAt,
    followingSince: row.createdAt,
    waiting: news.length,
    now,
  })
    ? { post, news }
    : null;
}

type PostForMail = {
  id: number;
  slug: string;
  title: string;
  summary: string;
  status: string;
  date: string;
  createdAt: Date;
};

const postColumns = {
  id: posts.id,
  slug: posts.slug,
  title: posts.title,
  summary: posts.summary,
  status: posts.status,
  date: posts.date,
  createdAt: posts.createdAt,
};

/** Posts of an area or tag that readers first saw after `since`. */
function newPostsOf(
  database: Db | Tx,
  row: Subscription,
  since: Date,
  now: Date,
): PostForMail[] {
  // Stored since, or dated since (a scheduled post listed when its date begins).
  const recent = and(
    eq(posts.status, "published"),
    sql`${posts.date} <= ${lastListedDate(now)}`,
    or(
      gt(posts.createdAt, since),
      gte(posts.date, since.toISOString().slice(0, 10)),
    ),
  );
  const where =
    row.kind === "area"
      ? and(recent, eq(posts.areaSlug, row.target))
      : and(
          recent,
          inArray(
            posts.id,
            database
              .select({ id: postTags.postId })
              .from(postTags)
              .where(eq(postTags.tagSlug, row.target)),
          ),
        );
  return database
    .select(postColumns)
    .from(posts)
    .where(where)
    .orderBy(asc(posts.date), asc(posts.id))
    .all()
    .filter((post) => isNewPost(post, since, now));
}

function postsMessage(
  row: Subscription,
  name: string,
  found: PostForMail[],
): Omit<MailContent, "reason" | "footerLinks"> {
  const where = row.kind === "area" ? `about ${name}` : `tagged “${name}”`;
  const what =
    found.length === 1
      ? `A new post ${where}`
      : `${found.length} new posts ${where}`;
  return {
    subject: found.length === 1 ? `${what}: “${found[0]!.title}”` : what,
    paragraphs: [row.cadence === "weekly" ? `${what} this week.` : `${what}.`],
    sections: found.map((post) => ({
      paragraphs: [post.title, post.summary],
      links: [{ label: "Read the post", url: siteLink(`/posts/${post.slug}`) }],
    })),
  };
}

/** The name an area or a tag is shown with. */
function targetName(database: Db | Tx, row: Subscription): string {
  if (row.kind === "area")
    return (
      database
        .select({ area: posts.area })
        .from(posts)
        .where(eq(posts.areaSlug, row.target))
        .limit(1)
        .get()?.area ?? row.target
    );
  return (
    database
      .select({ tag: postTags.tag })
      .from(postTags)
      .where(eq(postTags.tagSlug, row.target))
      .limit(1)
      .get()?.tag ?? row.target
  );
}

/** A follow whose address is confirmed, or null (gone, or not confirmed yet). */
function confirmedFollow(reader: Db | Tx, id: number): Subscription | null {
  const found = reader
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.id, id))
    .get();
  if (!found) return null;
  return asFollower(reader, found).confirmed ? found : null;
}

/** An area's or a tag's new posts for this follower when their email is due, or null. */
function postsBatch(
  reader: Db | Tx,
  row: Subscription,
  now: Date,
): PostForMail[] | null {
  const waiting = newPostsOf(
    reader,
    row,
    waitingSince({ lastSentAt: row.lastSentAt, followingSince: row.createdAt }),
    now,
  );
  return batchDue({
    cadence: row.cadence,
    lastSentAt: row.lastSentAt,
    followingSince: row.createdAt,
    waiting: waiting.length,
    now,
  })
    ? waiting
    : null;
}

function followMailDue(reader: Db, id: number, now: Date): boolean {
  const row = confirmedFollow(reader, id);
  if (row === null) return false;
  return row.kind === "discussion"
    ? discussionBatch(reader, row, now) !== null
    : postsBatch(reader, row, now) !== null;
}

/**
 * The periodic step, with `now` passed in: discussion batches whose hour has passed, and area
 * and tag follows with new posts (at once, or a week after the last digest). Each follower's
 * message and the record of it commit together.
 */
export function sendDueFollowMail(
  database: Db,
  now: Date,
): { discussions: number; posts: number } {
  let discussions = 0;
  let postMessages = 0;
  // Only followers of a discussion with a comment published since their last message.
  const discussionRows = database
    .selectDistinct({ id: subscriptions.id })
    .from(subscriptions)
    .innerJoin(
      comments,
      and(
        sql`${comments.postId} = CAST(${subscriptions.target} AS INTEGER)`,
        eq(comments.state, "published"),
        sql`${comments.publishedAt} > coalesce(${subscriptions.lastSentAt}, ${subscriptions.createdAt})`,
      ),
    )
    .where(eq(subscriptions.kind, "discussion"))
    .all();
  const postRows = database
    .select({ id: subscriptions.id })
    .from(subscriptions)
    .where(inArray(subscriptions.kind, ["area", "tag"]))
    .all();
  for (const { id } of [...discussionRows, ...postRows]) {
    // Read first: the write lock is taken only for a follower with an email due.
    if (!followMailDue(database, id, now)) continue;
    database.transaction(
      (tx) => {
        const row = confirmedFollow(tx, id);
        if (row === null) return;
        if (row.kind === "discussion") {
          if (sendDiscussionBatch(tx, row, now)) discussions += 1;
          return;
        }
        const waiting = postsBatch(tx, row, now);
        if (waiting === null) return;
        const sent = queueForFollower(
          tx,
          row,
          row.cadence === "weekly" ? "follow-posts-digest" : "follow-posts",
          postsMessage(row, targetName(tx, row), waiting),
          row.kind === "area"
            ? "You are getting this email because you follow this area."
            : "You are getting this email because you follow this tag.",
          now,
        );
        if (sent) postMessages += 1;
      },
      { behavior: "immediate" },
    );
  }
  if (discussions + postMessages > 0) {
    log("info", "follow mail queued", { discussions, posts: postMessages });
    wakeMailWorker();
  }
  return { discussions, posts: postMessages };
}

export type FollowMail = { stop(): void };

const FOLLOW_STEP_MS = 60_000;

/** Runs the periodic step every minute in the background of the server. */
export function startFollowMail(
  database: Db,
  stepMs = FOLLOW_STEP_MS,
): FollowMail {
  const step = () => {
    try {
      sendDueFollowMail(database, new Date());
    } catch (error) {
      logError("the follow mail step failed; it runs again shortly", error);
    }
  };
  const timer = setInterval(step, stepMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
