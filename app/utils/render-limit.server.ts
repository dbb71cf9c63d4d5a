import type { RequestHandler } from "express";
import pLimit from "p-limit";

/**
 * How many pages the server renders at once. Rendering is CPU work on one thread, so more at
 * once only adds memory: a 2,000-comment page holds a few megabytes while it is drawn, and
 * sixteen overlapping ones took the server from 270 MB to 690 MB in the benchmark. Requests
 * beyond the limit wait their turn, which costs them nothing they would not have waited anyway.
 */
export const MAX_CONCURRENT_RENDERS = 4;

/** Lets at most `max` GET requests through to the routes at once; the rest queue in order. */
export function limitConcurrentRenders(max: number): RequestHandler {
  const limit = pLimit(max);
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    void limit(
      () =>
        new Promise<void>((done) => {
          // A reader who gave up while queued frees the place without a render.
          if (res.writableEnded || req.socket.destroyed) return done();
          res.once("close", () => done());
          next();
        }),
    );
  };
}
