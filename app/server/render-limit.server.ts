import type { RequestHandler } from "express";
import pLimit from "p-limit";

/**
 * How many pages the server renders at once. Rendering is CPU work on one thread, so more at
 * once only interleave: each holds its data and half-drawn HTML (megabytes for a long thread)
 * while the others take turns. With four at a time the benchmark's uncached pages went from 32 to
 * 52 a second (200-comment post) and 152 to 232 (home page). Requests beyond the limit wait
 * their turn, which costs them nothing they would not have waited anyway.
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
