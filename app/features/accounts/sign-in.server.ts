import { and, gt, inArray, lt } from "drizzle-orm";
import { signInFailures } from "../../../db/schema";
import { retryAfterSeconds } from "../../domain/rate-limit";
import { db } from "../../platform/db.server";

// Five wrong passwords for one email, or twenty from one address, in 15 minutes: enough for a
// person who mistypes, far too few to guess a password. A browser that signed in to the account
// before is counted apart from everyone else (its own five), so strangers cannot lock it out.
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { email: 5, browser: 5, address: 20 } as const;

/**
 * Who an attempt counts against: the account's email, or instead the known browser's id when
 * the browser proved it signed in to that account before; and always the client's address.
 */
export type SignInKeys = (
  { email: string; browser?: never } | { browser: string; email?: never }
) & { address: string };

const keysOf = (keys: SignInKeys): [keyof typeof LIMITS, string][] => [
  keys.browser === undefined
    ? ["email", keys.email]
    : ["browser", keys.browser],
  ["address", keys.address],
];

/** Seconds until another attempt is allowed for these keys, or null when it is allowed now. */
export function signInRetryAfter(keys: SignInKeys, now: Date): number | null {
  const named = keysOf(keys);
  const rows = db()
    .select({ key: signInFailures.key, createdAt: signInFailures.createdAt })
    .from(signInFailures)
    .where(
      and(
        inArray(
          signInFailures.key,
          named.map(([kind, key]) => `${kind}:${key}`),
        ),
        gt(
          signInFailures.createdAt,
          new Date(now.getTime() - SIGN_IN_WINDOW_MS),
        ),
      ),
    )
    .all();
  const waits = named
    .map(([kind, key]) =>
      retryAfterSeconds(
        rows
          .filter((row) => row.key === `${kind}:${key}`)
          .map((row) => row.createdAt.getTime()),
        LIMITS[kind],
        SIGN_IN_WINDOW_MS,
        now.getTime(),
      ),
    )
    .filter((wait): wait is number => wait !== null);
  return waits.length > 0 ? Math.max(...waits) : null;
}

/** An attempt counted before its password is checked; forgiven when the password was right. */
export type SignInAttempt =
  { allowed: true; ids: number[] } | { allowed: false; retryAfter: number };

/**
 * Checks the limit and counts this attempt as a failure in one write transaction, before the
 * slow password hash runs: simultaneous guesses each see the ones before them, so no more than
 * the limit are ever evaluated.
 */
export function claimSignInAttempt(keys: SignInKeys, now: Date): SignInAttempt {
  return db().transaction(
    (tx) => {
      const retryAfter = signInRetryAfter(keys, now);
      if (retryAfter !== null) return { allowed: false, retryAfter };
      tx.delete(signInFailures)
        .where(
          lt(
            signInFailures.createdAt,
            new Date(now.getTime() - SIGN_IN_WINDOW_MS),
          ),
        )
        .run();
      const ids = tx
        .insert(signInFailures)
        .values(
          keysOf(keys).map(([kind, key]) => ({
            key: `${kind}:${key}`,
            createdAt: now,
          })),
        )
        .returning({ id: signInFailures.id })
        .all()
        .map((row) => row.id);
      return { allowed: true, ids };
    },
    { behavior: "immediate" },
  );
}

/** A right password is no failure: takes back what claimSignInAttempt counted. */
export function forgiveSignInAttempt(attempt: { ids: number[] }): void {
  db()
    .delete(signInFailures)
    .where(inArray(signInFailures.id, attempt.ids))
    .run();
}
