import type { Tx } from "../../db/client.server";
import { db } from "./db.server";

type Job = {
  work: (tx: Tx) => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
};

/** Enough to share one commit widely, few enough that the write lock is never held for long. */
const MOST_JOBS_PER_COMMIT = 64;

let waiting: Job[] = [];
let flushScheduled = false;

/**
 * Runs `work` in a write transaction that it may share with the other writes queued in the same
 * turn of the event loop: one commit, and so one fsync, for all of them. Under load that is most
 * of the cost of a comment. Each job runs in its own savepoint, in the order queued, and sees the
 * jobs before it; one that throws is rolled back alone. The promise settles only after the
 * commit, so whatever a caller acknowledges is on disk.
 */
export function inSharedCommit<T>(work: (tx: Tx) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    waiting.push({
      work,
      resolve: resolve as (value: unknown) => void,
      reject,
    });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });
}

function flush(): void {
  flushScheduled = false;
  const jobs = waiting.slice(0, MOST_JOBS_PER_COMMIT);
  waiting = waiting.slice(jobs.length);
  if (waiting.length > 0) {
    flushScheduled = true;
    setImmediate(flush);
  }

  let outcomes: (
    { ok: true; value: unknown } | { ok: false; error: unknown }
  )[];
  const database = db();
  try {
    // IMMEDIATE: every job reads and writes under the same write lock, taken once.
    outcomes = database.transaction(
      (tx) =>
        jobs.map((job) => {
          let thrown: { error: unknown } | undefined;
          try {
            const value = tx.transaction((savepoint) => {
              try {
                return job.work(savepoint);
              } catch (error) {
                thrown = { error };
                throw error;
              }
            });
            return { ok: true as const, value };
          } catch (error) {
            // The job's own error: rolling back to its savepoint can fail and hide it.
            const cause = thrown ? thrown.error : error;
            // Some failures (SQLITE_FULL, SQLITE_IOERR) make SQLite roll back the whole
            // transaction, not the savepoint: the batch is lost, and fails with that cause.
            if (!database.$client.inTransaction) throw cause;
            return { ok: false as const, error: cause };
          }
        }),
      { behavior: "immediate" },
    );
  } catch (error) {
    // The commit itself failed: nothing of this batch was stored.
    for (const job of jobs) job.reject(error);
    return;
  }
  jobs.forEach((job, index) => {
    const outcome = outcomes[index]!;
    if (outcome.ok) job.resolve(outcome.value);
    else job.reject(outcome.error);
  });
}
