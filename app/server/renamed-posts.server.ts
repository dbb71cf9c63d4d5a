import type { RequestHandler } from "express";
import { findRenamedPost } from "../features/posts/old-address.server";

const POST_ADDRESS = /^\/posts\/([a-z0-9]+(?:-[a-z0-9]+)*)(\/[^?]*)?$/;

/**
 * A post renamed at the writing desk answers at its old address, and every address under it
 * (its comments' links, its feed), with a permanent redirect to the same place under the new
 * one. Asked before the routes, since the post page route would answer the old address with
 * "not found"; a slug some post holds now is never redirected.
 */
export function redirectRenamedPosts(): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const match = POST_ADDRESS.exec(req.path);
    if (!match) return next();
    const [, slug, rest = ""] = match;
    // A script's data request for the old address has no page to land on.
    if (rest.endsWith(".data")) return next();
    const renamed = findRenamedPost(slug!);
    if (renamed === null) return next();
    const query = req.originalUrl.indexOf("?");
    const search = query === -1 ? "" : req.originalUrl.slice(query);
    res.redirect(301, `/posts/${renamed}${rest}${search}`);
  };
}
