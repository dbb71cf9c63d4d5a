import { and, eq, gt, lt } from "drizzle-orm";
import { mailRequests } from "../../../db/schema";
import { retryAfterSeconds } from "../../domain/rate-limit";
import { db } from "../../platform/db.server";

const HOUR_MS = 60 * 60_000;

/**
 * Seconds to wait before one more request of this kind from this client, or null when it may
 * go ahead (and is counted). Keyed by the client's address key, never the address.
 */
export function mailRequestRetryAfter(
  kind: string,
  clientKey: string,
  limit: number,
  now: Date,
): number | null {
  const key = `${kind}:${clientKey}`;
  return db().transaction(
    (tx) => {
      tx.delete(mailRequests)
        .where(lt(mailRequests.createdAt, new Date(now.getTime() - HOUR_MS)))
        .run();
      const times = tx
        .select({ createdAt: mailRequests.createdAt })
        .from(mailRequests)
        .where(
          and(
            eq(mailRequests.key, key),
            gt(mailRequests.createdAt, new Date(now.getTime() - HOUR_MS)),
          ),
        )
        .all()
        .map((row) => row.createdAt.getTime());
      const wait = retryAfterSeconds(times, limit, HOUR_MS, now.getTime());
      if (wait === null)
        tx.insert(mailRequests).values({ key, createdAt: now }).run();
      return wait;
    },
    { behavior: "immediate" },
  );
}
