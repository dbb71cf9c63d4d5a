const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export const CROSS_SITE_MESSAGE =
  "This form was sent from another site, so it was not accepted.";

/**
 * Whether a request may change state: safe methods always; others only when they come from
 * this site's own pages. Browsers send Origin with every POST; when a privacy setting strips
 * it, Sec-Fetch-Site or Referer decide, and with none of them the request is refused.
 */
export function isAllowedOrigin(
  method: string,
  header: (name: string) => string | null | undefined,
  ownOrigin: string,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const origin = header("origin");
  // "null" comes from sandboxed frames and cross-site redirects: never this site's own form.
  if (origin != null) return origin === ownOrigin;
  const site = header("sec-fetch-site");
  if (site != null) return site === "same-origin" || site === "none";
  const referer = header("referer");
  return referer != null && originOf(referer) === ownOrigin;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
