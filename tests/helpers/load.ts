import { randomUUID } from "node:crypto";

/** A post of the sample content that takes comments from anyone. */
export const OPEN_POST = "sheds-and-garages-locking-up-for-the-summer";

// What the comment form says once a comment is stored, published or held.
const ACKNOWLEDGED = /Published\.|Held for a moderator because/;

let requestCounter = 0;

/**
 * Posts one comment through the post's form as a browser without JavaScript would, from an
 * address of its own (the server must run with TRUST_PROXY=loopback), and says whether the site
 * acknowledged it. Network errors are thrown.
 */
export async function postCommentOverHttp(
  baseUrl: string,
  body: string,
  slug = OPEN_POST,
): Promise<boolean> {
  requestCounter += 1;
  const address = `10.${(requestCounter >> 16) & 255}.${(requestCounter >> 8) & 255}.${requestCounter & 255}`;
  const response = await fetch(`${baseUrl}/posts/${slug}`, {
    method: "POST",
    headers: {
      Origin: baseUrl,
      "Content-Type": "application/x-www-form-urlencoded",
      "X-Forwarded-For": address,
    },
    body: new URLSearchParams({
      intent: "comment",
      name: "Load Test",
      email: "",
      body,
      parentId: "",
      website: "",
    }),
  });
  const page = await response.text();
  return response.status === 200 && ACKNOWLEDGED.test(page);
}

export type CommentLoad = {
  /** Bodies of the comments the site acknowledged, in the order the answers came. */
  acknowledged: string[];
  /** Requests that got no answer (the connection failed or was cut). */
  failed: number;
  /** Answers that did not acknowledge the comment (a refusal, an error page). */
  refused: number;
  /** Resolves once at least `count` comments have been acknowledged in all. */
  untilAcknowledged(count: number): Promise<void>;
  /** Stops sending; resolves when every worker has had its last answer. */
  stop(): Promise<void>;
};

/**
 * Many clients posting comments at once, each with a distinct body, until stopped or until
 * the server stops answering (a worker ends at its first network error).
 */
export function startCommentLoad(
  baseUrl: string,
  { clients = 8 }: { clients?: number } = {},
): CommentLoad {
  const run = randomUUID().slice(0, 8);
  let stopped = false;
  let sent = 0;
  const waiters: {
    count: number;
    done: () => void;
    fail: (error: Error) => void;
  }[] = [];
  const load: CommentLoad = {
    acknowledged: [],
    failed: 0,
    refused: 0,
    untilAcknowledged(count) {
      if (load.acknowledged.length >= count) return Promise.resolve();
      return new Promise((done, fail) => waiters.push({ count, done, fail }));
    },
    async stop() {
      stopped = true;
      await Promise.all(workers);
    },
  };
  const worker = async () => {
    while (!stopped) {
      sent += 1;
      const body = `Load ${run} comment ${sent}: lock the shed.`;
      try {
        if (await postCommentOverHttp(baseUrl, body)) {
          load.acknowledged.push(body);
          for (const waiter of waiters.filter(
            (w) => load.acknowledged.length >= w.count,
          )) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.done();
          }
        } else {
          load.refused += 1;
        }
      } catch {
        load.failed += 1;
        return;
      }
    }
  };
  const workers = Array.from({ length: clients }, worker);
  void Promise.all(workers).then(() => {
    for (const waiter of waiters.splice(0)) {
      waiter.fail(
        new Error(
          `the load ended with ${load.acknowledged.length} comments acknowledged, not ${waiter.count}`,
        ),
      );
    }
  });
  return load;
}
