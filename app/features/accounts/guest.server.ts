import { randomBytes } from "node:crypto";
import { secureCookies, signedCookie } from "../../platform/http.server";
import { noteDrawnForSomeone } from "../../platform/personal.server";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/** A signed, long-lived cookie with a random id: how a guest's browser is recognised. */
const guestCookie = signedCookie("lookout_guest", ONE_YEAR_SECONDS);

/** The guest id a Cookie header carries, or null when it has none (or a forged one). */
export async function guestKeyFromCookies(
  cookieHeader: string | null | undefined,
): Promise<string | null> {
  const value: unknown = await guestCookie().parse(cookieHeader ?? null);
  return typeof value === "string" && /^[A-Za-z0-9_-]{22}$/.test(value)
    ? value
    : null;
}

/** The guest id this browser carries, or null; a page that reads one is that guest's alone. */
export async function readGuestKey(request: Request): Promise<string | null> {
  const guestKey = await guestKeyFromCookies(request.headers.get("Cookie"));
  if (guestKey !== null) noteDrawnForSomeone();
  return guestKey;
}

export function newGuestKey(): string {
  return randomBytes(16).toString("base64url");
}

/** The Set-Cookie header that gives (or renews) the guest id; Secure when served over HTTPS. */
export function guestCookieHeader(
  guestKey: string,
  request: Request,
): Promise<string> {
  return guestCookie().serialize(guestKey, {
    secure: secureCookies(request),
  });
}
