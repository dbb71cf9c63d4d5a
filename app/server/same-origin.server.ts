const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// The page address of a one-click unsubscribe link: /unsubscribe/<signed token>, nothing more
// (the same page's scripted form posts to its .data address, which is checked as usual).
const ONE_CLICK_UNSUBSCRIBE =
  /^\/unsubscribe\/(?:all|[1-9][0-9]{0,15})\.[A-Za-z0-9_-]{32}\.[A-Za-z0-9_-]{32}$/;

/**
 * The one state change let through from anywhere: a mail client's unsubscribe button (RFC
 * 8058) POSTs with no cookie and no Origin, or with its own. The signed link is the whole
 * authority and stopping emails is all it can do, so a request from another site can do
 * nothing its sender could not do by posting the link itself.
 */
export function isOneClickUnsubscribe(method: string, path: string): boolean {
  return method.toUpperCase() === "POST" && ONE_CLICK_UNSUBSCRIBE.test(path);
}

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
  ownOrigins: readonly string[],
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const origin = header("origin");
  // "null" comes from sandboxed frames and cross-site redirects: never this site's own form.
  if (origin != null) return ownOrigins.includes(origin);
  const site = header("sec-fetch-site");
  if (site != null) return site === "same-origin" || site === "none";
  const referer = header("referer");
  const refererOrigin = referer == null ? null : originOf(referer);
  return refererOrigin !== null && ownOrigins.includes(refererOrigin);
}

/**
 * Whether a form's Origin names the host it was sent to. Remix refuses an action otherwise by
 * throwing (a 500), so the pipeline answers it first, in the site's words. A proxy in front
 * passes the host readers typed as Host or X-Forwarded-Host, as Remix reads it.
 */
export function originMatchesHost(
  method: string,
  header: (name: string) => string | null | undefined,
): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true;
  const origin = header("origin");
  if (origin == null) return true;
  const host = header("x-forwarded-host") ?? header("host");
  const named = originOf(origin);
  return named !== null && host != null && new URL(named).host === host;
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The origins this site's own pages are served from: the configured SITE_URL only. The request's
 * Host header cannot say it: a page on another domain that resolves to this server (DNS
 * rebinding) sends a matching Host and Origin. In development, and wherever SITE_URL is itself a
 * loopback address (a fresh install on someone's own machine), the loopback address opened is
 * accepted too, whatever its port: a rebinding domain is never a loopback name.
 */
export function ownOrigins(
  siteUrl: string,
  requestOrigin: string,
  development: boolean,
): string[] {
  const site = new URL(siteUrl).origin;
  const opened = originOf(requestOrigin);
  const local = development || LOOPBACK_HOST.test(new URL(site).hostname);
  return local &&
    opened !== null &&
    LOOPBACK_HOST.test(new URL(opened).hostname)
    ? [site, opened]
    : [site];
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
