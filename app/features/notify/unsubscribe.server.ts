import { timingSafeEqual } from "node:crypto";
import { getSiteSettings } from "../posts/site-settings.server";
import { siteLink } from "../mail/messages.server";
import { mailFrom, unsubscribeMailto } from "../mail/transport.server";
import { privateKey } from "../../platform/secrets.server";

/**
 * The links that stop notices (decision 042). A link names no address: it carries the address's
 * key and a subscription id (or "all"), signed with the server secret. It does not expire, as a
 * mail client may offer its unsubscribe button years after the message came (RFC 8058); it stops
 * meaning anything once the subscriptions it names are gone.
 */

export type UnsubscribeScope = number | "all";

export type UnsubscribeTarget = {
  /** emailKey(address) of the address the message went to. */
  addressKey: string;
  subscriptionId: UnsubscribeScope;
};

// A scope, the address key (base64url) and the signature, dot-separated.
const TOKEN_FORMAT =
  /^(all|[1-9][0-9]{0,15})\.([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{32})$/;

const signatureOf = (scope: string, addressKey: string) =>
  privateKey("unsubscribe", `${scope}:${addressKey}`);

/** The token of one subscription, or of every subscription of the address ("all"). */
export function unsubscribeToken(
  addressKey: string,
  subscriptionId: UnsubscribeScope,
): string {
  const scope = String(subscriptionId);
  return `${scope}.${addressKey}.${signatureOf(scope, addressKey)}`;
}

/** What a token names, or undefined when it was not made by this site (or was altered). */
export function readUnsubscribeToken(
  token: unknown,
): UnsubscribeTarget | undefined {
  if (typeof token !== "string") return undefined;
  const match = TOKEN_FORMAT.exec(token);
  if (!match) return undefined;
  const [, scope, addressKey, signature] = match as unknown as [
    string,
    string,
    string,
    string,
  ];
  const expected = Buffer.from(signatureOf(scope, addressKey));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return undefined;
  const subscriptionId = scope === "all" ? "all" : Number(scope);
  if (subscriptionId !== "all" && !Number.isSafeInteger(subscriptionId))
    return undefined;
  return { addressKey, subscriptionId };
}

export type UnsubscribeLinks = {
  /** POST acts at once (a mail client's button); GET shows a page with one button. */
  oneClickUrl: string;
  /** The page listing what the address follows, to stop one thing or everything. */
  pageUrl: string;
  /** For a mail client that only writes: a message to the sender naming the one-click link. */
  mailto: string;
};

/**
 * The links of a notice's footer and List-Unsubscribe header. The page shows all of the
 * address's subscriptions, so it always gets the "all" token; the one-click link stops only
 * what it names.
 */
export function unsubscribeLinks(
  addressKey: string,
  subscriptionId: UnsubscribeScope,
): UnsubscribeLinks {
  const oneClickUrl = siteLink(
    `/unsubscribe/${unsubscribeToken(addressKey, subscriptionId)}`,
  );
  return {
    oneClickUrl,
    pageUrl: siteLink(`/subscriptions/${unsubscribeToken(addressKey, "all")}`),
    mailto: unsubscribeMailto(mailFrom(getSiteSettings().name), oneClickUrl),
  };
}
