import { createHash } from "node:crypto";
import { guestKeyFromCookies } from "../features/accounts/guest.server";
import { drawnForSomeone } from "../platform/personal.server";
import { hasFormOutcome } from "../features/discussion/form-outcome.server";
import { sessionUserFromCookies } from "../features/accounts/session.server";

/**
 * Whether a request is someone's in particular: a member's current session or a guest id (who
 * may see their own pending comments), read by the very cookie parser the pages read them with,
 * so no way of writing a Cookie header can look anonymous here and personal to a page.
 */
export async function isPersonalRequest(
  cookieHeader: string | null | undefined,
): Promise<boolean> {
  if (!cookieHeader) return false;
  if ((await guestKeyFromCookies(cookieHeader)) !== null) return true;
  // A form's outcome waiting for this browser (a preview, say, before any guest id).
  if (await hasFormOutcome(cookieHeader)) return true;
  return (await sessionUserFromCookies(cookieHeader)) !== null;
}

/** A strong validator: the same bytes always give the same tag, any change gives another. */
export function strongEtag(body: Uint8Array): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

export function etagMatches(
  ifNoneMatch: string | null | undefined,
  etag: string,
): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(",")
    .some((tag) => tag.trim() === etag || tag.trim() === "*");
}

/**
 * Cache headers for a rendered page. Pages drawn for nobody in particular are public and
 * revalidated on every use with a strong ETag (a 304 when nothing changed); a page drawn for
 * someone (its routes read a session or a guest id) or setting a cookie is private and never
 * stored. Returns the status to send: 304 when the reader's copy
 * is current.
 */
export function applyPageCaching(
  request: Request,
  status: number,
  headers: Headers,
  body: Uint8Array,
): number {
  const personal =
    drawnForSomeone() ||
    headers.has("Set-Cookie") ||
    // A page that holds a secret of its own (a link's token) says so itself.
    /\bno-store\b/.test(headers.get("Cache-Control") ?? "");
  if (personal || status !== 200) {
    headers.set("Cache-Control", "private, no-store");
    return status;
  }
  const etag = strongEtag(body);
  headers.set("ETag", etag);
  headers.set("Cache-Control", "public, max-age=0, must-revalidate");
  // Shared caches must not hand one reader's page to another who carries a cookie.
  headers.append("Vary", "Cookie");
  return etagMatches(request.headers.get("If-None-Match"), etag) ? 304 : status;
}
