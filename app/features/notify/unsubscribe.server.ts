import { timingSafeEqual } from "node:crypto";
import { and, asc, eq, inArray, max } from "drizzle-orm";
import type { Db, Tx } from "../../../db/client.server";
import { comments, posts, postTags, subscriptions } from "../../../db/schema";
import {
  subscriptionLabel,
  type SubscriptionKind,
  type SubscriptionLabel,
  type SubscriptionTarget,
} from "../../domain/subscription-labels";
import { db } from "../../platform/db.server";
import { log } from "../../platform/log.server";
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

/** One thing an address follows, as its subscriptions page lists it. */
export type FollowedItem = {
  id: number;
  kind: SubscriptionKind;
  label: SubscriptionLabel;
};

/** Everything an address follows, each named and linked, in four reads however many. */
export function followedBy(
  database: Db | Tx,
  addressKey: string,
): FollowedItem[] {
  const rows = database
    .select({
      id: subscriptions.id,
      kind: subscriptions.kind,
      target: subscriptions.target,
    })
    .from(subscriptions)
    .where(eq(subscriptions.addressKey, addressKey))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.id))
    .all();
  const ids = (kinds: SubscriptionKind[]) =>
    rows
      .filter((row) => kinds.includes(row.kind))
      .map((row) => Number(row.target))
      .filter(Number.isSafeInteger);
  const slugs = (kind: SubscriptionKind) =>
    rows.filter((row) => row.kind === kind).map((row) => row.target);
  const commentIds = ids(["comment-outcome", "replies"]);
  const postIds = ids(["discussion"]);
  const shown = eq(posts.status, "published");
  const commentPosts = new Map(
    commentIds.length === 0
      ? []
      : database
          .select({ id: comments.id, name: posts.title, slug: posts.slug })
          .from(comments)
          .innerJoin(posts, eq(posts.id, comments.postId))
          .where(and(inArray(comments.id, commentIds), shown))
          .all()
          .map(
            ({ id, ...target }) => [`comment:${id}` as string, target] as const,
          ),
  );
  const discussed = new Map(
    postIds.length === 0
      ? []
      : database
          .select({ id: posts.id, name: posts.title, slug: posts.slug })
          .from(posts)
          .where(and(inArray(posts.id, postIds), shown))
          .all()
          .map(
            ({ id, ...target }) => [`post:${id}` as string, target] as const,
          ),
  );
  const areaSlugs = slugs("area");
  const areas = new Map(
    areaSlugs.length === 0
      ? []
      : database
          .select({ slug: posts.areaSlug, name: max(posts.area) })
          .from(posts)
          .where(and(inArray(posts.areaSlug, areaSlugs), shown))
          .groupBy(posts.areaSlug)
          .all()
          .map(({ slug, name }) => [
            `area:${slug}`,
            { slug: slug ?? "", name: name ?? slug ?? "" },
          ]),
  );
  const tagSlugs = slugs("tag");
  const tags = new Map(
    tagSlugs.length === 0
      ? []
      : database
          .select({ slug: postTags.tagSlug, name: max(postTags.tag) })
          .from(postTags)
          .where(inArray(postTags.tagSlug, tagSlugs))
          .groupBy(postTags.tagSlug)
          .all()
          .map(({ slug, name }) => [
            `tag:${slug}`,
            { slug, name: name ?? slug },
          ]),
  );
  const found = (row: (typeof rows)[number]): SubscriptionTarget => {
    switch (row.kind) {
      case "comment-outcome":
      case "replies":
        return commentPosts.get(`comment:${row.target}`) ?? null;
      case "discussion":
        return discussed.get(`post:${row.target}`) ?? null;
      case "area":
        return areas.get(`area:${row.target}`) ?? null;
      case "tag":
        return tags.get(`tag:${row.target}`) ?? null;
    }
  };
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    label: subscriptionLabel(row.kind, found(row)),
  }));
}

/** What an unsubscribe link names, for its page: unknown, or the address's matching items. */
export function readUnsubscribeLink(
  database: Db | Tx,
  token: unknown,
): { target: UnsubscribeTarget; items: FollowedItem[] } | null {
  const target = readUnsubscribeToken(token);
  if (!target) return null;
  const items = followedBy(database, target.addressKey).filter(
    (item) =>
      target.subscriptionId === "all" || item.id === target.subscriptionId,
  );
  return { target, items };
}

/**
 * Stops what a link names (one subscription, or every one of the address), or, from the
 * subscriptions page, one of the address's subscriptions: returns how many ended, null for a
 * link this site did not make. Ending is deleting: the address goes with the row.
 */
export function stopSubscriptions(
  token: unknown,
  only?: number,
): number | null {
  const target = readUnsubscribeToken(token);
  if (!target) return null;
  const scope = only ?? target.subscriptionId;
  const stopped = db().transaction(
    (tx) =>
      tx
        .delete(subscriptions)
        .where(
          and(
            eq(subscriptions.addressKey, target.addressKey),
            scope === "all" ? undefined : eq(subscriptions.id, scope),
          ),
        )
        .run().changes,
    { behavior: "immediate" },
  );
  if (stopped > 0) log("info", "subscriptions stopped", { count: stopped });
  return stopped;
}
