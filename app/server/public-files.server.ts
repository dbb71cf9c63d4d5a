import { readdirSync } from "node:fs";
import express, { type RequestHandler } from "express";

type StaticOptions = NonNullable<Parameters<typeof express.static>[1]>;

/**
 * The files and folders at the root of the built client (the favicons, whatever public/ holds),
 * served by their names. Every other path goes on to the pages at once: express.static alone
 * asks the file system about each page's address before a page is drawn. The names are read
 * at start, as the build does not change under a running server.
 */
export function servePublicFiles(
  root: string,
  options: StaticOptions,
): RequestHandler {
  const names = new Set(readdirSync(root));
  const serve = express.static(root, options);
  return (req, res, next) =>
    names.has(firstSegment(req.path)) ? serve(req, res, next) : next();
}

function firstSegment(path: string): string {
  const segment = path.slice(1).split("/", 1)[0] ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    // Not the name of any file: the pages answer it.
    return "";
  }
}
