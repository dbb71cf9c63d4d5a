import { and, eq, ne, or, sql } from "drizzle-orm";
import {
  bans,
  comments,
  posts,
  reports,
  sessions,
  subscriptions,
  unconfirmedEmails,
  users,
} from "../../../db/schema";
import { emailKey } from "../../platform/secrets.server";
import {
  confirmNewEmailMessage,
  emailChangeNoticeMessage,
} from "../mail/messages.server";
import { queueMail } from "../mail/outbox.server";
import { wakeMailWorker } from "../mail/worker.server";
import { logDecision } from "../moderation/moderation.server";
import { findUserByEmail, findUserById, normalizeEmail } from "./user.server";
import { issueToken, redeemToken, revokeTokens } from "./tokens.server";
import { db } from "../../platform/db.server";
import { hashPassword, verifyPassword } from "./password.server";
import { eraseVersionsOfAccount } from "../moderation/earlier-versions.server";

/** What a member changes and downloads on /account; every change is theirs alone. */

export function changeDisplayName(
  userId: number,
  displayName: string,
  now: Date,
): void {
  db()
    .update(users)
    .set({ displayName: displayName.trim(), updatedAt: now })
    .where(eq(users.id, userId))
    .run();
}

/** Whether this is the member's password: the account page asks before anything drastic. */
export async function isCurrentPassword(
  userId: number,
  password: string,
): Promise<boolean> {
  const user = findUserById(userId);
  return (
    user !== undefined && (await verifyPassword(password, user.passwordHash))
  );
}

/** Sets a new password and ends every session of the member (the caller starts a new one). */
export async function changePassword(
  userId: number,
  password: string,
  now: Date,
): Promise<void> {
  const passwordHash = await hashPassword(password);
  db().transaction(
    (tx) => {
      tx.update(users)
        .set({ passwordHash, updatedAt: now })
        .where(eq(users.id, userId))
        .run();
      tx.delete(sessions).where(eq(sessions.userId, userId)).run();
    },
    { behavior: "immediate" },
  );
}

/** Everything the site keeps about a member, as they may download it. */
export function accountData(userId: number) {
  const user = findUserById(userId);
  if (!user) return null;
  const written = db()
    .select({
      id: comments.id,
      post: posts.slug,
      replyTo: comments.parentId,
      state: comments.state,
      text: comments.bodyMarkdown,
      createdAt: comments.createdAt,
      publishedAt: comments.publishedAt,
    })
    .from(comments)
    .innerJoin(posts, eq(posts.id, comments.postId))
    .where(eq(comments.userId, userId))
    .orderBy(comments.id)
    .all();
  const reported = db()
    .select({
      comment: reports.commentId,
      reason: reports.reason,
      note: reports.note,
      createdAt: reports.createdAt,
    })
    .from(reports)
    .where(eq(reports.reporterKey, `user:${userId}`))
    .orderBy(reports.id)
    .all();
  // What the member asked to be told about, at their account's address or by it as a guest.
  const followed = db()
    .select({
      kind: subscriptions.kind,
      target: subscriptions.target,
      cadence: subscriptions.cadence,
      createdAt: subscriptions.createdAt,
    })
    .from(subscriptions)
    .where(
      or(
        eq(subscriptions.userId, userId),
        eq(subscriptions.addressKey, emailKey(user.email)),
      ),
    )
    .orderBy(subscriptions.id)
    .all();
  return {
    account: {
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      verifiedResident: user.verified,
      createdAt: user.createdAt,
    },
    comments: written,
    reports: reported,
    subscriptions: followed,
  };
}

/**
 * Deletes an account. Its comments lose their text and name and become "deleted by its author":
 * a placeholder where they have replies (the thread keeps those), drawn nowhere otherwise. The
 * log says that an account was deleted and how many comments went, and nothing about whose.
 */
export function deleteAccount(userId: number, now: Date): boolean {
  return db().transaction(
    (tx) => {
      const user = tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .where(eq(users.id, userId))
        .get();
      if (!user) return false;
      // What the address asked to be told, as the member or as a guest, goes with the account.
      tx.delete(subscriptions)
        .where(
          or(
            eq(subscriptions.userId, userId),
            eq(subscriptions.addressKey, emailKey(user.email)),
          ),
        )
        .run();
      const owned = tx
        .select({ postId: comments.postId, state: comments.state })
        .from(comments)
        .where(and(eq(comments.userId, userId), ne(comments.state, "deleted")))
        .all();
      for (const comment of owned.filter((c) => c.state === "published"))
        tx.update(posts)
          .set({
            publishedCommentCount: sql`${posts.publishedCommentCount} - 1`,
          })
          .where(eq(posts.id, comment.postId))
          .run();
      eraseVersionsOfAccount(tx, userId);
      tx.update(comments)
        .set({
          state: "deleted",
          bodyMarkdown: "",
          bodyHtml: "",
          authorName: null,
          emailKey: null,
          userId: null,
          updatedAt: now,
        })
        .where(eq(comments.userId, userId))
        .run();
      // Decisions a moderator made stay; only the link to the account goes.
      tx.update(bans)
        .set({ createdBy: null })
        .where(eq(bans.createdBy, userId))
        .run();
      tx.update(reports)
        .set({ dismissedBy: null })
        .where(eq(reports.dismissedBy, userId))
        .run();
      tx.delete(users).where(eq(users.id, userId)).run();
      logDecision(tx, { name: "account owner", userId: null }, now, {
        action: "account.deleted",
        note: `An account was deleted by its owner; ${owned.length} comment${owned.length === 1 ? "" : "s"} deleted with it.`,
      });
      return true;
    },
    { behavior: "immediate" },
  );
}

/**
 * Starts a change of email: a link to the new address, which changes it when followed, and a
 * notice at the old one (without the new address). An address that has an account already gets
 * nothing, and the answer is the same, so the form tells nobody which addresses have accounts.
 */
export function requestEmailChange(
  userId: number,
  newEmail: string,
  now: Date,
): void {
  const email = normalizeEmail(newEmail);
  db().transaction(
    (tx) => {
      const user = tx.select().from(users).where(eq(users.id, userId)).get();
      if (!user || user.email === email) return;
      if (findUserByEmail(email)) return;
      revokeTokens(tx, userId, "change-email", now);
      const token = issueToken(
        tx,
        { purpose: "change-email", userId, detail: email },
        now,
      );
      queueMail(
        tx,
        {
          kind: "confirm-new-email",
          to: email,
          content: confirmNewEmailMessage(token),
        },
        now,
      );
      queueMail(
        tx,
        {
          kind: "email-change-notice",
          to: user.email,
          content: emailChangeNoticeMessage(),
        },
        now,
      );
    },
    { behavior: "immediate" },
  );
  wakeMailWorker();
}

/**
 * Changes the email to the one the link was sent to (which also confirms it). Null when the link
 * cannot be used, "taken" when the address got an account meanwhile.
 */
export function confirmEmailChange(
  token: string,
  now: Date,
): { userId: number } | "taken" | null {
  return db().transaction(
    (tx) => {
      const used = redeemToken(tx, "change-email", token, now);
      if (!used?.detail) return null;
      if (findUserByEmail(used.detail)) return "taken";
      tx.update(users)
        .set({ email: used.detail, updatedAt: now })
        .where(eq(users.id, used.userId))
        .run();
      tx.delete(unconfirmedEmails)
        .where(eq(unconfirmedEmails.userId, used.userId))
        .run();
      return { userId: used.userId };
    },
    { behavior: "immediate" },
  );
}
