import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";

/**
 * Structured logs: one JSON object a line, on stdout, for a log collector or `journalctl` to
 * read. They never carry an email, a client address, a cookie or a query string (a search may
 * hold anything a reader typed): only what an operator needs to find a request and its error.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

export function log(
  level: "info" | "warn" | "error",
  message: string,
  fields: Fields = {},
): void {
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    message,
    ...fields,
  });
  if (level === "error") process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}

/** Logs an error with its stack, which stays in the server log and is never shown to a reader. */
export function logError(
  message: string,
  error: unknown,
  fields: Fields = {},
): void {
  const detail =
    error instanceof Error
      ? { error: error.message, stack: error.stack }
      : { error: String(error) };
  log("error", message, { ...fields, ...detail });
}

/** A short id for a request: in its log line, its X-Request-Id header and its error page. */
export function newRequestId(): string {
  return randomBytes(6).toString("hex");
}

export type RequestLocals = { requestId: string; pageCache?: "hit" | "miss" };

/** The one line a finished request leaves in the log. */
export function logRequest(fields: {
  requestId: string;
  method: string;
  path: string;
  status: number;
  started: bigint;
  pageCache?: "hit" | "miss";
}): void {
  log(fields.status >= 500 ? "error" : "info", "request", {
    requestId: fields.requestId,
    method: fields.method,
    path: fields.path,
    status: fields.status,
    durationMs:
      Number((process.hrtime.bigint() - fields.started) / 1000n) / 1000,
    pageCache: fields.pageCache,
  });
}

/** Gives each request an id and logs one line when its response is finished. */
export function requestLogger(): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    const locals = res.locals as RequestLocals;
    locals.requestId = newRequestId();
    res.setHeader("X-Request-Id", locals.requestId);
    res.on("finish", () => {
      logRequest({
        requestId: locals.requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        started,
        pageCache: locals.pageCache,
      });
    });
    next();
  };
}
