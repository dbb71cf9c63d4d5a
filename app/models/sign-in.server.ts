import { and, gt, inArray, lt } from "drizzle-orm";
import { signInFailures } from "../../db/schema";
import { retryAfterSeconds } from "../domain/rate-limit";
import { db } from "../utils/db.server";

// Five wrong passwords for one email, or twenty from one address, in 15 minutes: enough for a
// person who mistypes, far too few to guess a password.
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { email: 5, address: 20 } as const;

export type SignInKeys = { email: string; address: string };

const keysOf = (keys: SignInKeys) => [
  `email:${keys.email}`,
  `address:${keys.address}`,
];

/** Seconds until another attempt is allowed for these keys, or null when it is allowed now. */
export function signInRetryAfter(keys: SignInKeys, now: Date): number | null {
  const rows = db()
    .select({ key: signInFailures.key, createdAt: signInFailures.createdAt })
    .from(signInFailures)
    .where(
      and(
        inArray(signInFailures.key, keysOf(keys)),
        gt(
          signInFailures.createdAt,
          new Date(now.getTime() - SIGN_IN_WINDOW_MS),
        ),
      ),
    )
    .all();
  const times = (prefix: string) =>
    rows
      .filter((row) => row.key.startsWith(prefix))
      .map((row) => row.createdAt.getTime());
  const waits = [
    retryAfterSeconds(
      times("email:"),
      LIMITS.email,
      SIGN_IN_WINDOW_MS,
      now.getTime(),
    ),
    retryAfterSeconds(
      times("address:"),
      LIMITS.address,
      SIGN_IN_WINDOW_MS,
      now.getTime(),
    ),
  ].filter((wait): wait is number => wait !== null);
  return waits.length > 0 ? Math.max(...waits) : null;
}

export function recordSignInFailure(keys: SignInKeys, now: Date): void {
  db()
    .insert(signInFailures)
    .values(keysOf(keys).map((key) => ({ key, createdAt: now })))
    .run();
  db()
    .delete(signInFailures)
    .where(
      lt(signInFailures.createdAt, new Date(now.getTime() - SIGN_IN_WINDOW_MS)),
    )
    .run();
}
