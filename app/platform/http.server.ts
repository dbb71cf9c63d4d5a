import { timingSafeEqual } from "node:crypto";
import { createCookie, type Cookie } from "@remix-run/node";
import { z } from "zod";
import { env } from "./env.server";
import { privateKey, serverSecret } from "./secrets.server";

/** A 404 that the nearest error boundary shows as "not found", with a sentence for the reader. */
export function notFound(message: string): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/**
 * The fields a form posted. A body that cannot be read as a form (only a hand-made request sends
 * one) is the sender's mistake: 400 with a plain message, not a server error.
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(
      "This form could not be read. Please go back to the page and send it again.",
      { status: 400, statusText: "Bad Request" },
    );
  }
}

/** A whole number as written in an address: plain digits ("1e3", "0x9" and "1.0" are not). */
export function wholeNumberParam(max: number) {
  return z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));
}

const pageSchema = wholeNumberParam(100_000);

/** The `page` search parameter, 1 when absent; a malformed one is a 404, not a 500. */
export function parsePage(request: Request): number {
  const raw = new URL(request.url).searchParams.get("page");
  if (raw === null) return 1;
  const parsed = pageSchema.safeParse(raw);
  if (!parsed.success) throw notFound("There is no such page.");
  return parsed.data;
}

/** No page of the site has a longer address; a longer one is not worth sending anyone to. */
export const MAX_REDIRECT_PATH_LENGTH = 2_000;

/**
 * A path on this site to send the browser back to; anything else is the fallback. The value is
 * resolved as a URL against the site's own origin and kept only when the result is on that
 * origin and its path, written out again, still resolves to itself there: "/.//evil.example"
 * resolves to the path "//evil.example", which a browser would read as another site. Browsers
 * drop tabs and newlines from URLs and read "\\" as "/", so control characters, spaces and
 * backslashes are refused before that.
 */
export function safeRedirectPath(value: unknown, fallback: string): string {
  if (
    typeof value !== "string" ||
    value.length > MAX_REDIRECT_PATH_LENGTH ||
    !value.startsWith("/") ||
    /[\u0000-\u0020\u007f\\]/.test(value)
  ) {
    return fallback;
  }
  const origin = new URL(env().SITE_URL).origin;
  const url = new URL(value, origin);
  if (url.origin !== origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("/") && new URL(path, origin).href === url.href
    ? path
    : fallback;
}

/**
 * Adds a short status message to a path, for the page to show after a redirect. The message is
 * keyed with the server's secret, so that a crafted link cannot put words on a moderator's desk.
 */
export function withNotice(path: string, notice: string): string {
  const [beforeHash, hash] = path.split("#", 2);
  const url = new URL(beforeHash!, "http://x");
  url.searchParams.set("notice", notice);
  url.searchParams.set("noticeKey", privateKey("notice", notice));
  return `${url.pathname}${url.search}${hash === undefined ? "" : `#${hash}`}`;
}

/** The status message an action left in the address (see withNotice), if this site wrote it. */
export function readNotice(request: Request): string | null {
  const search = new URL(request.url).searchParams;
  const notice = search.get("notice");
  const key = search.get("noticeKey");
  if (!notice || !key) return null;
  const expected = Buffer.from(privateKey("notice", notice));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? notice
    : null;
}

/** The address parameters that carry a value only this site may write. */
export type SignedParam = "undo";

/**
 * Adds `name` and a key for it (`nameKey`, made with the server's secret) to a path, for a value
 * the site must get back unchanged: the ticket of an Undo button.
 */
export function withSignedParam(
  path: string,
  name: SignedParam,
  value: string,
): string {
  const [beforeHash, hash] = path.split("#", 2);
  const url = new URL(beforeHash!, "http://x");
  url.searchParams.set(name, value);
  url.searchParams.set(`${name}Key`, privateKey(name, value));
  return `${url.pathname}${url.search}${hash === undefined ? "" : `#${hash}`}`;
}

/** The value withSignedParam wrote, from an address or a form; null when its key does not match. */
export function readSignedParam(
  source: { get(name: string): unknown },
  name: SignedParam,
): string | null {
  const value = source.get(name);
  const key = source.get(`${name}Key`);
  if (typeof value !== "string" || typeof key !== "string" || !value) {
    return null;
  }
  const expected = Buffer.from(privateKey(name, value));
  const given = Buffer.from(key);
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? value
    : null;
}

/** The path without the given search parameters (a notice and its Undo, once they are used). */
export function withoutParams(path: string, names: readonly string[]): string {
  const [beforeHash, hash] = path.split("#", 2);
  const url = new URL(beforeHash!, "http://x");
  for (const name of names) url.searchParams.delete(name);
  return `${url.pathname}${url.search}${hash === undefined ? "" : `#${hash}`}`;
}

/** How many pages `total` items make: at least one, so an empty list still has its page. */
export function pageCountOf(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** How many pages `total` items make (at least one); asking for a page past the last is a 404. */
export function pageCountOrNotFound(
  total: number,
  perPage: number,
  page: number,
  message: string,
): number {
  const pageCount = pageCountOf(total, perPage);
  if (page > pageCount) throw notFound(message);
  return pageCount;
}

/**
 * Whether cookies must be Secure: when this request came over HTTPS, or when the site's public
 * address is HTTPS (behind a TLS proxy the request itself may arrive as plain HTTP).
 */
/**
 * The site's cookies: signed with the server secret, out of scripts' reach, sent on same-site
 * navigations. Made on first use, as the secret is read from the environment at start.
 */
export function signedCookie(
  name: string,
  maxAgeSeconds: number,
): () => Cookie {
  let cookie: Cookie | undefined;
  return () =>
    (cookie ??= createCookie(name, {
      secrets: [serverSecret()],
      httpOnly: true,
      sameSite: "lax",
      path: "/",
      maxAge: maxAgeSeconds,
    }));
}

export function secureCookies(request: Request): boolean {
  return (
    new URL(request.url).protocol === "https:" ||
    env().SITE_URL.startsWith("https:")
  );
}
