import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, or, isNotNull } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.server";
import { accountTokens, type AccountToken } from "../../../db/schema";
import { privateKey } from "../../platform/secrets.server";

/**
 * The links the site sends by email. Each is random, single-use and expiring; only a keyed hash
 * of it (with its purpose) is stored, so a copy of the database opens nothing, and a token made
 * for one purpose is no use for another.
 */
export const TOKEN_PURPOSES = {
  "password-reset": { lifetimeMs: 60 * 60_000 },
  "confirm-email": { lifetimeMs: 7 * 24 * 60 * 60_000 },
  "change-email": { lifetimeMs: 24 * 60 * 60_000 },
  // A one-click decision in a moderator's alert: the comment and the decision are its detail.
  "moderate-comment": { lifetimeMs: 72 * 60 * 60_000 },
  // A guest's address, before the site mails it anything else: the detail is its key, no user.
  "confirm-address": { lifetimeMs: 7 * 24 * 60 * 60_000 },
} as const;
export type TokenPurpose = keyof typeof TOKEN_PURPOSES;
/** The purposes whose links are for an address, not a member. */
export type AddressTokenPurpose = "confirm-address";

/** A token's row: a member's purposes always have a user, an address's never. */
export type TokenRow<P extends TokenPurpose> = P extends AddressTokenPurpose
  ? AccountToken & { userId: null }
  : AccountToken & { userId: number };

// 32 random bytes in base64url: what issueToken makes, and nothing else is looked up.
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;

const hashOf = (purpose: TokenPurpose, token: string) =>
  privateKey("token", `${purpose}:${token}`);

/** Makes a token for a user, stored in the caller's transaction; returns it for the link. */
export function issueToken<P extends TokenPurpose>(
  tx: Tx,
  input: { purpose: P; userId: TokenRow<P>["userId"]; detail?: string },
  now: Date,
): string {
  const token = randomBytes(32).toString("base64url");
  tx.insert(accountTokens)
    .values({
      tokenHash: hashOf(input.purpose, token),
      purpose: input.purpose,
      userId: input.userId,
      detail: input.detail ?? null,
      createdAt: now,
      expiresAt: new Date(
        now.getTime() + TOKEN_PURPOSES[input.purpose].lifetimeMs,
      ),
    })
    .run();
  return token;
}

const usable = (purpose: TokenPurpose, token: string, now: Date) =>
  and(
    eq(accountTokens.tokenHash, hashOf(purpose, token)),
    eq(accountTokens.purpose, purpose),
    isNull(accountTokens.usedAt),
    gt(accountTokens.expiresAt, now),
  );

/** The token's row if it can still be used, without using it: for the page a link opens. */
export function findUsableToken<P extends TokenPurpose>(
  database: Db | Tx,
  purpose: P,
  token: unknown,
  now: Date,
): TokenRow<P> | undefined {
  if (typeof token !== "string" || !TOKEN_FORMAT.test(token)) return undefined;
  // issueToken stores a user exactly for the member purposes.
  return database
    .select()
    .from(accountTokens)
    .where(usable(purpose, token, now))
    .get() as TokenRow<P> | undefined;
}

export type TokenState = "valid" | "used" | "expired" | "invalid";

/**
 * What became of a token, for a page that says why a link no longer works: still usable, used,
 * expired, or unknown (tampered with, or made for another purpose).
 */
export function tokenState<P extends TokenPurpose>(
  database: Db | Tx,
  purpose: P,
  token: unknown,
  now: Date,
): { state: TokenState; row: TokenRow<P> | undefined } {
  if (typeof token !== "string" || !TOKEN_FORMAT.test(token))
    return { state: "invalid", row: undefined };
  const row = database
    .select()
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.tokenHash, hashOf(purpose, token)),
        eq(accountTokens.purpose, purpose),
      ),
    )
    .get() as TokenRow<P> | undefined;
  if (!row) return { state: "invalid", row: undefined };
  if (row.usedAt !== null) return { state: "used", row };
  if (row.expiresAt.getTime() <= now.getTime())
    return { state: "expired", row };
  return { state: "valid", row };
}

/**
 * Uses a token up, in the caller's transaction: one statement, so two requests with the same
 * link cannot both succeed. Returns its row, or undefined when unknown, used, expired or made
 * for another purpose.
 */
export function redeemToken<P extends TokenPurpose>(
  tx: Tx,
  purpose: P,
  token: unknown,
  now: Date,
): TokenRow<P> | undefined {
  if (typeof token !== "string" || !TOKEN_FORMAT.test(token)) return undefined;
  return tx
    .update(accountTokens)
    .set({ usedAt: now })
    .where(usable(purpose, token, now))
    .returning()
    .get() as TokenRow<P> | undefined;
}

/** Ends a user's other links of one purpose (an older reset link, after a reset). */
export function revokeTokens(
  tx: Tx,
  userId: number,
  purpose: TokenPurpose,
  now: Date,
): void {
  tx.update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.userId, userId),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
      ),
    )
    .run();
}

/** Forgets tokens that can no longer be used. */
export function pruneTokens(tx: Tx, now: Date): void {
  tx.delete(accountTokens)
    .where(
      or(lt(accountTokens.expiresAt, now), isNotNull(accountTokens.usedAt)),
    )
    .run();
}
