import { eq } from "drizzle-orm";
import { sessions, users } from "../../../db/schema";
import { passwordResetMessage } from "../mail/messages.server";
import { queueMail } from "../mail/outbox.server";
import { wakeMailWorker } from "../mail/worker.server";
import { findUserByEmail } from "./user.server";
import { db } from "../../platform/db.server";
import { hashPassword } from "./password.server";
import { issueToken, redeemToken, revokeTokens } from "./tokens.server";

// Enough for a household behind one address; too few to work through a list of emails.
export const RESET_REQUESTS_PER_CLIENT_HOUR = 10;

/**
 * Sends a reset link when the email has an account, and does nothing otherwise: the caller
 * answers the same either way. The address's own mail limit applies silently.
 */
export function requestPasswordReset(email: string, now: Date): void {
  const user = findUserByEmail(email);
  if (!user) return;
  db().transaction(
    (tx) => {
      const token = issueToken(
        tx,
        { purpose: "password-reset", userId: user.id },
        now,
      );
      queueMail(
        tx,
        {
          kind: "password-reset",
          to: user.email,
          content: passwordResetMessage(token),
        },
        now,
      );
    },
    { behavior: "immediate" },
  );
  wakeMailWorker();
}

/**
 * Sets a new password with a reset link, ends every session of the account and the other reset
 * links, all at once. Returns the account's id, or null when the link cannot be used.
 */
export async function resetPassword(
  token: string,
  password: string,
  now: Date,
): Promise<number | null> {
  // Hashed before the transaction: it takes 50 ms, and the write lock should not wait on it.
  const passwordHash = await hashPassword(password);
  return db().transaction(
    (tx) => {
      const used = redeemToken(tx, "password-reset", token, now);
      if (!used) return null;
      tx.update(users)
        .set({ passwordHash, updatedAt: now })
        .where(eq(users.id, used.userId))
        .run();
      revokeTokens(tx, used.userId, "password-reset", now);
      tx.delete(sessions).where(eq(sessions.userId, used.userId)).run();
      return used.userId;
    },
    { behavior: "immediate" },
  );
}
