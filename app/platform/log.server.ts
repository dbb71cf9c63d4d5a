import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";

/**
 * Structured logs: one JSON object a line, on stdout, for a log collector or `journalctl` to
 * read. They never carry an email, a client address, a cookie or a query string (a search may
 * hold anything a reader typed): only what an operator needs to find a request and its error.
 */
type Fields = Record<string, string | number | boolean | null | undefined>;

let lastTime = { ms: 0, text: "" };

/** The time of a line, made once a millisecond: a busy server writes many lines in each. */
function timeNow(): string {
  const ms = Date.now();
  if (ms !== lastTime.ms) lastTime = { ms, text: new Date(ms).toISOString() };
  return lastTime.text;
}

function logLine(
  level: "info" | "warn" | "error",
  message: string,
  fields: Fields,
): string {
  return `${JSON.stringify({ time: timeNow(), level, message, ...fields })}\n`;
}

export function log(
  level: "info" | "warn" | "error",
  message: string,
  fields: Fields = {},
): void {
  // The request lines before it were written first: the log keeps the order things happened.
  writeRequestLines();
  const line = logLine(level, message, fields);
  if (level === "error") process.stderr.write(line);
  else process.stdout.write(line);
}

// Request lines wait for the end of the event loop's turn and go out in one write: under load a
// write a request was a tenth of a cached page's cost (decision 071). Written on exit too,
// so only a killed process loses them, and at most one turn's worth.
let requestLines = "";
let writeScheduled = false;

function writeRequestLines(): void {
  writeScheduled = false;
  if (requestLines === "") return;
  const lines = requestLines;
  requestLines = "";
  process.stdout.write(lines);
}

process.on("exit", writeRequestLines);

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

let requestIdPrefix = randomBytes(3).toString("hex");
let requestCount = 0;

/**
 * A short id for a request: in its log line, its X-Request-Id header and its error page. Twelve
 * hex digits: a random prefix of this process's and a count, so no two requests the process
 * answers share one. It names a request; it guards nothing, so it need not be unguessable.
 */
export function newRequestId(): string {
  if (requestCount === 0x1000000) {
    requestIdPrefix = randomBytes(3).toString("hex");
    requestCount = 0;
  }
  const count = requestCount.toString(16).padStart(6, "0");
  requestCount += 1;
  return requestIdPrefix + count;
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
  const durationMs =
    Number((process.hrtime.bigint() - fields.started) / 1000n) / 1000;
  // An error is written at once, to stderr, as every error is.
  if (fields.status >= 500)
    return log("error", "request", {
      requestId: fields.requestId,
      method: fields.method,
      path: fields.path,
      status: fields.status,
      durationMs,
      pageCache: fields.pageCache,
    });
  // The line logLine would make of the same fields, written without building an object to
  // stringify: it is made for every request, each cached page's included.
  requestLines += `{"time":"${timeNow()}","level":"info","message":"request","requestId":${JSON.stringify(fields.requestId)},"method":${JSON.stringify(fields.method)},"path":${JSON.stringify(fields.path)},"status":${fields.status},"durationMs":${durationMs}${fields.pageCache === undefined ? "" : `,"pageCache":"${fields.pageCache}"`}}\n`;
  if (!writeScheduled) {
    writeScheduled = true;
    setImmediate(writeRequestLines);
  }
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
