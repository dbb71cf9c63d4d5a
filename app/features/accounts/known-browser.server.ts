import { randomBytes } from "node:crypto";
import { secureCookies, signedCookie } from "../../platform/http.server";
import { privateKey } from "../../platform/secrets.server";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * A long-lived mark a browser gets when it signs in: which account, a random id for this browser,
 * and a key over both and the account's password hash, so it cannot be made up, moved to another
 * account, or outlive a change of password.
 */
const knownBrowserCookie = signedCookie("lookout_known", ONE_YEAR_SECONDS);

type Account = { id: number; passwordHash: string };

const proofOf = (account: Account, browserId: string) =>
  privateKey(
    "known-browser",
    `${account.id}:${browserId}:${account.passwordHash}`,
  );

/**
 * The id of this browser when it signed in to this account before (with its current password),
 * else null. Sign-in throttling counts such a browser's attempts apart from everyone else's.
 */
export async function knownBrowserId(
  request: Request,
  account: Account | undefined,
): Promise<string | null> {
  if (!account) return null;
  const value: unknown = await knownBrowserCookie().parse(
    request.headers.get("Cookie"),
  );
  if (typeof value !== "string") return null;
  const [userId, browserId, proof] = value.split(".");
  return userId === String(account.id) &&
    browserId !== undefined &&
    /^[A-Za-z0-9_-]{22}$/.test(browserId) &&
    proof === proofOf(account, browserId)
    ? browserId
    : null;
}

/** The Set-Cookie header that marks this browser as one that signed in to the account. */
export function knownBrowserCookieHeader(
  request: Request,
  account: Account,
  browserId: string | null,
): Promise<string> {
  const id = browserId ?? randomBytes(16).toString("base64url");
  return knownBrowserCookie().serialize(
    `${account.id}.${id}.${proofOf(account, id)}`,
    { secure: secureCookies(request) },
  );
}
