import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Request, RequestHandler, Response } from "express";
import { MAX_IMAGE_UPLOAD_BODY_BYTES } from "../domain/image-upload";

/**
 * The largest request body the site accepts, in bytes. The largest legitimate form is the
 * moderation settings form at its schema's limits (two lists of 500 words of 100 characters):
 * about 0.9 MB even if every character took the 9 bytes URL-encoding can make of it. A comment
 * at its hard limit (50,000 characters) is at most 0.45 MB; real forms are a few kilobytes.
 * tests/utils/body-limit.test.ts checks that the largest forms still fit.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/**
 * The pages that take more than a form: an editor's image upload (10 MB of image, decision 058).
 * Every other address keeps the limit above.
 */
const LARGER_BODIES: Record<string, number> = {
  "/write/images": MAX_IMAGE_UPLOAD_BODY_BYTES,
};

/** The body limit of a request's path (its query left out; `.data`, Remix's fetch, the same). */
export function maxBodyBytesFor(path: string): number {
  const page = path
    .split("?", 1)[0]!
    .replace(/\.data$/, "")
    .replace(/\/+$/, "");
  return LARGER_BODIES[page] ?? MAX_REQUEST_BODY_BYTES;
}

export const BODY_TOO_LARGE_MESSAGE =
  "This request is too large to be accepted.";

/**
 * Refuses a request whose body is larger than `maxBytes` with 413, before any route runs.
 * A declared Content-Length is refused at once, without reading a byte of the body. A chunked
 * body (no Content-Length) is read here, counting, up to the limit: refused as soon as it passes
 * it, or else put back for the route to read, so a route never sees part of a body. Either way
 * the connection is closed after a 413, so the rest of the body is never parsed or kept.
 */
export function bodyLimit(
  limitOf: number | ((path: string) => number),
): RequestHandler {
  return (req, res, next) => {
    const maxBytes = typeof limitOf === "number" ? limitOf : limitOf(req.path);
    const declared = req.get("content-length");
    if (declared !== undefined) {
      // Node's parser has already refused a malformed Content-Length, and the body ends at it.
      if (Number(declared) > maxBytes) refuse(req, res);
      else next();
      return;
    }
    if (req.get("transfer-encoding") === undefined) return next();
    readWithin(req, maxBytes, (fits) => (fits ? next() : refuse(req, res)));
  };
}

/**
 * Answers a client that asks before sending its body (`Expect: 100-continue`): the body is
 * invited only when its declared length is within `maxBytes`, then the request goes on to
 * `handle`, where bodyLimit refuses the rest. Left to Node, every body is invited, and a client
 * told to continue starts sending megabytes the site is about to refuse.
 */
export function continueWithinLimit(
  limitOf: number | ((path: string) => number),
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const maxBytes =
      typeof limitOf === "number" ? limitOf : limitOf(req.url ?? "/");
    if (!(Number(req.headers["content-length"]) > maxBytes))
      res.writeContinue();
    handle(req, res);
  };
}

/** Reads a chunked body up to `maxBytes`; when it fits, puts it back unread for the route. */
function readWithin(
  req: Request,
  maxBytes: number,
  done: (fits: boolean) => void,
): void {
  const chunks: Buffer[] = [];
  let received = 0;
  const stop = () => {
    req.off("readable", onReadable);
    req.off("error", stop);
  };
  function onReadable() {
    let chunk: Buffer | null;
    while ((chunk = req.read() as Buffer | null) !== null) {
      received += chunk.length;
      if (received > maxBytes) {
        stop();
        return done(false);
      }
      chunks.push(chunk);
    }
    if (!req.complete) return;
    stop();
    // Back in front of the end of the stream: the route reads the whole body as if untouched.
    if (received > 0) req.unshift(Buffer.concat(chunks, received));
    done(true);
  }
  req.on("readable", onReadable);
  // A client that gives up mid-body gets no answer; nothing is left listening.
  req.once("error", stop);
}

function refuse(req: Request, res: Response): void {
  // The rest of the body is thrown away unparsed, and the connection closed once the answer is
  // out. Node closes it at once, and closing on unread data resets the connection: a client still
  // sending could lose the answer. So it lingers a moment first, as web servers do.
  req.resume();
  const socket = req.socket;
  socket.destroySoon = () => closeLingering(socket);
  res
    .status(413)
    .set({ Connection: "close", "Cache-Control": "no-store" })
    .type("text/plain")
    .send(BODY_TOO_LARGE_MESSAGE);
}

const LINGER_MS = 2_000;

/** Ends this side of the connection and lets the client finish sending, for a moment at most. */
function closeLingering(socket: Socket): void {
  socket.end();
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
}
