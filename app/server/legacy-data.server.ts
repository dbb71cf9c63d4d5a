import type { RequestHandler } from "express";

export const LEGACY_DATA_MESSAGE =
  "This address is not one of this site's pages.";

/**
 * Refuses `?_data=`, Remix's data protocol from before single fetch, which this site's pages never
 * use. Remix still answers it, logging a warning with a stack for every request (and failing with
 * 500 on some routes), so any client could fill the log. Refused here with 400; the request's own
 * log line is the only one written. Read as Remix reads it, from the whole query string.
 */
export function refuseLegacyDataRequests(): RequestHandler {
  return (req, res, next) => {
    const query = req.originalUrl.indexOf("?");
    if (
      query === -1 ||
      !new URLSearchParams(req.originalUrl.slice(query + 1)).has("_data")
    )
      return next();
    res.status(400).type("text/plain").send(LEGACY_DATA_MESSAGE);
  };
}
