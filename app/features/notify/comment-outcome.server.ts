import { and, eq, inArray } from "drizzle-orm";
import type { Tx } from "../../../db/client.server";
import { comments, posts, subscriptions, users } from "../../../db/schema";
import type { ModerationAction } from "../../domain/comment-states";
import { outcomeNotice } from "../../domain/commenter-notices";
import { UNDO_WINDOW_MINUTES, type UndoTicket } from "../../domain/undo";
import { commentPath } from "../../domain/thread";
import type { Actor } from "../moderation/moderation.server";
import { undoDecision, type UndoOutcome } from "../moderation/undo.server";
import type { RoleName } from "../../domain/permissions";
import {
  decideComments,
  type DecisionResult,
  type StateChange,
} from "../moderation/state-changes.server";
import { commentOutcomeMessage, siteLink } from "../mail/messages.server";
import { queueMail, takeBackQueuedMail } from "../mail/outbox.server";
import { wakeMailWorker } from "../mail/worker.server";
import { queueCommentFollowMail } from "./follows.server";
import { emailKey } from "../../platform/secrets.server";
import {
  isConfirmedAddress,
  requestAddressConfirmation,
  type ConfirmationRequest,
} from "./address-confirmation.server";
import { unsubscribeLinks } from "./unsubscribe.server";

/**
 * "Tell me what happens to this comment": one message to its poster when a moderator approves,
 * rejects or removes it, queued in the decision's transaction; then the subscription, and the
 * address with it, is deleted.
 */

/**
 * Records a poster's wish to be told, in the transaction that stores the comment. A member is
 * written to at their account's address; a guest's address is confirmed first (the link is
 * queued here unless it is confirmed or one is waiting). Returns what became of the
 * confirmation, null when there is no address to write to.
 */
export function subscribeToCommentOutcome(
  tx: Tx,
  input: { commentId: number; userId: number | null; email: string | null },
  now: Date,
): ConfirmationRequest | null {
  const address =
    input.userId === null
      ? input.email
      : (tx
          .select({ email: users.email })
          .from(users)
          .where(eq(users.id, input.userId))
          .get()?.email ?? null);
  if (address === null) return null;
  const addressKey = emailKey(address);
  tx.insert(subscriptions)
    .values({
      kind: "comment-outcome",
      target: String(input.commentId),
      userId: input.userId,
      address: address.trim(),
      addressKey,
      createdAt: now,
    })
    .onConflictDoNothing()
    .run();
  return requestAddressConfirmation(tx, address, now);
}

/**
 * What a decision causes for the posters who asked to be told: at most one message each, and
 * the end of their subscription once its outcome is known. Two reads however many comments.
 */
export function queueOutcomeNotices(
  tx: Tx,
  changes: readonly StateChange[],
  reason: string | null,
  now: Date,
): void {
  if (changes.length === 0) return;
  const byComment = new Map(
    changes.map((change) => [String(change.commentId), change]),
  );
  const subscribed = tx
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.kind, "comment-outcome"),
        inArray(subscriptions.target, [...byComment.keys()]),
      ),
    )
    .all();
  if (subscribed.length === 0) return;
  const commentRows = new Map(
    tx
      .select({
        id: comments.id,
        number: comments.number,
        bodyMarkdown: comments.bodyMarkdown,
        postTitle: posts.title,
        postSlug: posts.slug,
      })
      .from(comments)
      .innerJoin(posts, eq(posts.id, comments.postId))
      .where(
        inArray(
          comments.id,
          subscribed.map((row) => Number(row.target)),
        ),
      )
      .all()
      .map((row) => [String(row.id), row]),
  );
  const rows = subscribed.flatMap((subscription) => {
    const comment = commentRows.get(subscription.target);
    return comment ? [{ subscription, ...comment }] : [];
  });
  const ended: number[] = [];
  for (const row of rows) {
    const change = byComment.get(row.subscription.target)!;
    const notice = outcomeNotice(change, {
      confirmed: isConfirmedAddress(tx, row.subscription.address),
    });
    if (notice.send !== null) {
      // The notice is its subscription's last message: its unsubscribe link stops what
      // else the address follows (a mail client's button means "no more from this site").
      const links = unsubscribeLinks(row.subscription.addressKey, "all");
      queueMail(
        tx,
        {
          kind: `comment-${notice.send}`,
          to: row.subscription.address,
          content: commentOutcomeMessage(
            {
              kind: notice.send,
              postTitle: row.postTitle,
              url: siteLink(
                notice.send === "approved" && row.number !== null
                  ? commentPath(row.postSlug, row.number)
                  : `/posts/${row.postSlug}`,
              ),
              reason,
              bodyMarkdown: row.bodyMarkdown,
            },
            [
              {
                label: "Stop every email from this site",
                url: links.oneClickUrl,
              },
              { label: "What this address follows", url: links.pageUrl },
            ],
          ),
          unsubscribeUrl: links.oneClickUrl,
          regarding: `comment:${row.id}`,
          // A Reject or Remove can be undone for a while: its notice waits until it cannot.
          notBefore:
            notice.send === "approved"
              ? now
              : new Date(now.getTime() + UNDO_WINDOW_MINUTES * 60_000),
        },
        now,
      );
    }
    if (notice.end) ended.push(row.subscription.id);
  }
  if (ended.length > 0)
    tx.delete(subscriptions).where(inArray(subscriptions.id, ended)).run();
}

/**
 * A moderator's decision on comments, telling the posters who asked (see moderateComments) and,
 * for a comment published for the first time, the people who follow its discussion or its parent.
 * `note` goes to the log; `reason` is the one the poster is told, null when none was given.
 */
export function decideAndTellPosters(
  ...decision: Parameters<typeof decideQueuingNotices>
): DecisionResult {
  const decided = decideQueuingNotices(...decision);
  if (decided.moved > 0) wakeMailWorker();
  return decided;
}

/**
 * decideAndTellPosters without waking the mail worker: for a caller whose own transaction holds
 * the decision, which wakes it once that transaction has committed.
 */
export function decideQueuingNotices(
  commentIds: readonly number[],
  action: ModerationAction,
  actor: Actor & { role: RoleName },
  input: { note: string | null; reason: string | null },
  now: Date,
): DecisionResult {
  return decideComments(
    commentIds,
    action,
    actor,
    input.note,
    now,
    (tx, changes, at) => {
      queueOutcomeNotices(tx, changes, input.reason, at);
      for (const change of changes)
        if (change.firstPublished)
          queueCommentFollowMail(tx, change.commentId, at);
    },
  );
}

/**
 * Undoes a Reject, Spam or Remove (see undoDecision) and takes back the notices it queued that
 * have not left yet: the poster's wish to be told stands again, for the decision still to come.
 */
export function undoAndTakeBackNotices(
  ticket: UndoTicket,
  undoer: Actor & { role: RoleName },
  now: Date,
): UndoOutcome {
  return undoDecision(ticket, undoer, now, (tx, commentIds) => {
    const taken = takeBackQueuedMail(tx, {
      kinds: ["comment-rejected", "comment-removed"],
      regarding: commentIds.map((id) => `comment:${id}`),
    });
    for (const notice of taken) {
      const address = notice.toAddress;
      tx.insert(subscriptions)
        .values({
          kind: "comment-outcome",
          target: notice.regarding.slice("comment:".length),
          userId:
            tx
              .select({ id: users.id })
              .from(users)
              .where(eq(users.email, address.trim().toLowerCase()))
              .get()?.id ?? null,
          address,
          addressKey: notice.recipientKey,
          createdAt: now,
        })
        .onConflictDoNothing()
        .run();
    }
  });
}
