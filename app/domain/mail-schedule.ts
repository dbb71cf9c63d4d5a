/**
 * When to try a message again after a failed attempt. The wait doubles from a minute up to an
 * hour, so a mail server that is down for a few minutes gets its mail soon after it is back,
 * and one down for a day is not hammered. A permanent refusal (a 5xx answer: no such mailbox)
 * is not retried, and neither is a message older than the give-up time.
 */

export const FIRST_RETRY_MS = 60_000;
export const LONGEST_RETRY_MS = 60 * 60_000;

export type RetryDecision =
  | { kind: "retry"; at: Date }
  | { kind: "give-up"; reason: "permanent" | "too-old" };

export function nextAttempt({
  attempts,
  queuedAt,
  now,
  giveUpAfterMs,
  permanent,
}: {
  /** Attempts made so far, the failed one included (1 after the first failure). */
  attempts: number;
  queuedAt: Date;
  now: Date;
  giveUpAfterMs: number;
  /** The mail server refused this message for good. */
  permanent: boolean;
}): RetryDecision {
  if (permanent) return { kind: "give-up", reason: "permanent" };
  const wait = Math.min(
    LONGEST_RETRY_MS,
    FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1),
  );
  const at = now.getTime() + wait;
  if (at > queuedAt.getTime() + giveUpAfterMs)
    return { kind: "give-up", reason: "too-old" };
  return { kind: "retry", at: new Date(at) };
}
