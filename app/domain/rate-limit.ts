/**
 * Sliding-window limit: with `limit` events allowed per `windowMs`, how many seconds until one
 * more is allowed, or null when it is allowed now. `times` are the earlier events, in ms.
 */
export function retryAfterSeconds(
  times: readonly number[],
  limit: number,
  windowMs: number,
  now: number,
): number | null {
  const inWindow = times
    .filter((time) => time > now - windowMs)
    .sort((a, b) => a - b);
  if (inWindow.length < limit) return null;
  // Enough events must leave the window for the count to drop below the limit.
  const agesOut = inWindow[inWindow.length - limit]! + windowMs;
  return Math.max(1, Math.ceil((agesOut - now) / 1000));
}
