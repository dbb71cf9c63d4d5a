import { and, eq, gt, isNull } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.server";
import {
  accountTokens,
  confirmedAddresses,
  unconfirmedEmails,
  users,
} from "../../../db/schema";
import { normalizeEmail } from "../accounts/user.server";
import { issueToken, redeemToken } from "../accounts/tokens.server";
import { confirmAddressMessage } from "../mail/messages.server";
import { queueMail } from "../mail/outbox.server";
import { db } from "../../platform/db.server";
import { emailKey } from "../../platform/secrets.server";

/**
 * A guest's address is mailed notices only once its owner has followed a link sent to it
 * (decision 043), so nobody can have the site mail someone else. Only the address's keyed hash
 * is kept as confirmed. A member's address counts as confirmed once their account is.
 */

/** While a link sent to an address is this recent and unused, no other is sent. */
export const CONFIRMATION_RESEND_AFTER_MS = 24 * 60 * 60_000;

export function isConfirmedAddress(
  database: Db | Tx,
  address: string,
): boolean {
  const confirmed = database
    .select({ key: confirmedAddresses.addressKey })
    .from(confirmedAddresses)
    .where(eq(confirmedAddresses.addressKey, emailKey(address)))
    .get();
  if (confirmed) return true;
  const member = database
    .select({ id: users.id })
    .from(users)
    .leftJoin(unconfirmedEmails, eq(unconfirmedEmails.userId, users.id))
    .where(
      and(
        eq(users.email, normalizeEmail(address)),
        isNull(unconfirmedEmails.userId),
      ),
    )
    .get();
  return member !== undefined;
}

export type ConfirmationRequest =
  /** Nothing to do: the address is confirmed. */
  | "confirmed"
  /** A link was queued, in the caller's transaction (wake the mail worker after it commits). */
  | "sent"
  /** A link sent within the last day is still unused: no other is sent. */
  | "pending"
  /** The address has had its share of mail for now: nothing was queued. */
  | "limited";

/**
 * Makes sure the owner of an address is asked to confirm it: queues one mail with a link to
 * the confirm page, unless it is confirmed or a recent link is still waiting.
 */
export function requestAddressConfirmation(
  tx: Tx,
  address: string,
  now: Date,
): ConfirmationRequest {
  if (isConfirmedAddress(tx, address)) return "confirmed";
  const addressKey = emailKey(address);
  const recent = tx
    .select({ tokenHash: accountTokens.tokenHash })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.purpose, "confirm-address"),
        eq(accountTokens.detail, addressKey),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
        gt(
          accountTokens.createdAt,
          new Date(now.getTime() - CONFIRMATION_RESEND_AFTER_MS),
        ),
      ),
    )
    .get();
  if (recent) return "pending";
  const token = issueToken(
    tx,
    { purpose: "confirm-address", userId: null, detail: addressKey },
    now,
  );
  const queued = queueMail(
    tx,
    {
      kind: "confirm-address",
      to: address,
      content: confirmAddressMessage(token),
    },
    now,
  );
  if (queued) return "sent";
  // Not mailed: the link just made must not hold back the next request.
  tx.update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.purpose, "confirm-address"),
        eq(accountTokens.detail, addressKey),
        eq(accountTokens.createdAt, now),
      ),
    )
    .run();
  return "limited";
}

/**
 * Confirms the address a link was sent to (the confirm page's POST); returns its key, or null
 * for a link that is unknown, used or expired. The address's other links stop working.
 */
export function confirmAddress(token: string, now: Date): string | null {
  return db().transaction(
    (tx) => {
      const used = redeemToken(tx, "confirm-address", token, now);
      if (!used?.detail) return null;
      const addressKey = used.detail;
      tx.insert(confirmedAddresses)
        .values({ addressKey, confirmedAt: now })
        .onConflictDoNothing()
        .run();
      tx.update(accountTokens)
        .set({ usedAt: now })
        .where(
          and(
            eq(accountTokens.purpose, "confirm-address"),
            eq(accountTokens.detail, addressKey),
            isNull(accountTokens.usedAt),
          ),
        )
        .run();
      return addressKey;
    },
    { behavior: "immediate" },
  );
}
