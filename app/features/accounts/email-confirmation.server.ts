import { eq } from "drizzle-orm";
import type { Tx } from "../../../db/client.server";
import { unconfirmedEmails, users } from "../../../db/schema";
import {
  confirmEmailMessage,
  signUpAttemptMessage,
} from "../mail/messages.server";
import { queueMail } from "../mail/outbox.server";
import { wakeMailWorker } from "../mail/worker.server";
import { findUserByEmail, insertUser, type NewAccount } from "./user.server";
import { db } from "../../platform/db.server";
import { hashPassword } from "./password.server";
import { issueToken, redeemToken } from "./tokens.server";

/**
 * Signs someone up without telling whether the email already has an account: a new email gets
 * an account and a link to confirm it; a known one gets, at its owner's address, a note that
 * someone tried. Both hash the password and queue one message, so they take the same time.
 */
export async function signUpMember(
  input: NewAccount,
  now: Date,
): Promise<void> {
  const passwordHash = await hashPassword(input.password);
  db().transaction(
    (tx) => {
      const user = insertUser(tx, input, passwordHash, now);
      if (user) {
        tx.insert(unconfirmedEmails)
          .values({ userId: user.id, createdAt: now })
          .run();
        queueConfirmation(tx, user, now);
      } else {
        const owner = findUserByEmail(input.email);
        if (owner)
          queueMail(
            tx,
            {
              kind: "sign-up-attempt",
              to: owner.email,
              content: signUpAttemptMessage(),
            },
            now,
          );
      }
    },
    { behavior: "immediate" },
  );
  wakeMailWorker();
}

function queueConfirmation(
  tx: Tx,
  user: { id: number; email: string },
  now: Date,
): void {
  const token = issueToken(
    tx,
    { purpose: "confirm-email", userId: user.id },
    now,
  );
  queueMail(
    tx,
    {
      kind: "confirm-email",
      to: user.email,
      content: confirmEmailMessage(token),
    },
    now,
  );
}

/** Sends a signed-in member who has not confirmed their email a new link; false when confirmed. */
export function resendConfirmation(userId: number, now: Date): boolean {
  const sent = db().transaction(
    (tx) => {
      const user = tx
        .select({ id: users.id, email: users.email })
        .from(users)
        .innerJoin(unconfirmedEmails, eq(unconfirmedEmails.userId, users.id))
        .where(eq(users.id, userId))
        .get();
      if (!user) return false;
      queueConfirmation(tx, user, now);
      return true;
    },
    { behavior: "immediate" },
  );
  if (sent) wakeMailWorker();
  return sent;
}

/** Confirms the email a link was sent to; returns the account's id, or null for a bad link. */
export function confirmEmail(token: string, now: Date): number | null {
  return db().transaction(
    (tx) => {
      const used = redeemToken(tx, "confirm-email", token, now);
      if (!used) return null;
      tx.delete(unconfirmedEmails)
        .where(eq(unconfirmedEmails.userId, used.userId))
        .run();
      return used.userId;
    },
    { behavior: "immediate" },
  );
}
