import { createReadStream } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import {
  createReadableStreamFromReadable,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { POSTS_FOLDER } from "~/features/posts/content-sync.server";
import { env } from "~/platform/env.server";
import { notFound } from "~/platform/http.server";

const TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
};

// Plain folder and file names only: no "..", no hidden files, no other extensions.
const MEDIA_PATH =
  /^(?:[a-z0-9][a-z0-9_-]*\/)*[a-z0-9][a-z0-9._-]*\.([a-z0-9]+)$/i;

/** Images that posts reference by relative path, served from content/posts/. */
export async function loader({ params }: LoaderFunctionArgs) {
  const path = params["*"] ?? "";
  const match = MEDIA_PATH.exec(path);
  const type = match ? TYPES[match[1]!.toLowerCase()] : undefined;
  if (!match || !type || path.includes("..")) throw notFound("No such image.");
  // A symbolic link may point anywhere on the machine: only a file whose real path is inside the
  // posts folder is served, and it is read by that real path.
  const folder = await realpath(join(env().CONTENT_DIR, POSTS_FOLDER)).catch(
    () => null,
  );
  const file = await realpath(
    join(env().CONTENT_DIR, POSTS_FOLDER, path),
  ).catch(() => null);
  if (folder === null || file === null || !file.startsWith(folder + sep))
    throw notFound("No such image.");
  const found = await stat(file).catch(() => null);
  if (!found?.isFile()) throw notFound("No such image.");
  const body = createReadableStreamFromReadable(createReadStream(file));
  return new Response(body, {
    headers: {
      "Content-Type": type,
      "Content-Length": String(found.size),
      "Cache-Control": "public, max-age=3600",
      // An SVG opened on its own must not run script on this origin.
      "Content-Security-Policy":
        "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    },
  });
}
