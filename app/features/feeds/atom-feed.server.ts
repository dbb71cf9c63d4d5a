import { Feed } from "feed";
import { escapeHtml } from "~/domain/html";
import { commentPath } from "~/domain/thread";
import {
  listFeedPosts,
  type FeedComment,
  type FeedPost,
} from "~/features/feeds/feed-entries.server";
import type { PostFilter } from "~/features/posts/post.server";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import { env } from "../../platform/env.server";
import { feedLink, type FeedRef } from "../../domain/meta";

/** The site's public origin from SITE_URL, without a trailing slash. */
export function siteUrl(): string {
  return env().SITE_URL;
}

/** The absolute URL of a path on this site: "/feed.xml" → "https://lookout.example.org/feed.xml". */
export function absoluteUrl(path: string): string {
  return `${siteUrl()}${path.startsWith("/") ? path : `/${path}`}`;
}

// The date in a tag: URI (RFC 4151) says when the name was minted. It is fixed so that ids never
// change; the host comes from SITE_URL without scheme or port, so moving to https keeps every id.
const TAG_URI_DATE = "2026";

/** A stable id for an entry or a feed: `tag:lookout.example.org,2026:posts/shed-security`. */
export function tagUri(specific: string): string {
  return `tag:${new URL(siteUrl()).hostname},${TAG_URI_DATE}:${specific}`;
}

/** The later of some instants, or null when there are none. */
export function latest(dates: readonly Date[]): Date | null {
  let newest: Date | null = null;
  for (const date of dates) {
    if (newest === null || date.getTime() > newest.getTime()) newest = date;
  }
  return newest;
}

// Characters XML 1.0 does not allow anywhere, not even escaped.
const NOT_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text with the characters XML cannot carry removed, so one odd character never breaks a feed. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, "");
}

// A start tag of the sanitizer's output: its attribute values never hold a raw ">" or '"'.
const START_TAG = /<[a-z][a-z0-9]*\s[^>]*>/gi;
const ATTRIBUTE_URL = /\s(href|src)="([^"]*)"/g;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Stored HTML with its links and images made absolute against the page it belongs to: a feed
 * reader shows it away from the site, where `/media/map.svg` or `#step-2` would lead nowhere.
 * Works on the sanitizer's output, whose attributes are always double-quoted and escaped; only
 * attributes inside tags are touched, never text that happens to read `href="…"`.
 */
export function absolutizeHtml(html: string, pageUrl: string): string {
  return html.replace(START_TAG, (tag) =>
    tag.replace(ATTRIBUTE_URL, (whole, name: string, value: string) => {
      if (HAS_SCHEME.test(value)) return whole;
      const raw = value
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&#39;|&#x27;/g, "'")
        .replace(/&amp;/g, "&");
      let resolved: string;
      try {
        resolved = new URL(raw, pageUrl).href;
      } catch {
        return whole;
      }
      return ` ${name}="${escapeHtml(resolved)}"`;
    }),
  );
}

/** HTML for a CDATA section: `]]>` would end it early, and `]]&gt;` means the same in HTML. */
function cdataSafe(html: string): string {
  return xmlSafe(html).replaceAll("]]>", "]]&gt;");
}

export type FeedEntry = {
  /** A tag: URI from `tagUri`. */
  id: string;
  /** Plain text; escaped here. */
  title: string;
  /** Absolute URL of the page that shows the entry. */
  url: string;
  updated: Date;
  published?: Date;
  authorName: string;
  /** Plain text; escaped here. */
  summary?: string;
  /** Sanitized HTML, as stored; its relative links are made absolute against `url` here. */
  contentHtml?: string;
  categories?: { term: string; label: string; scheme: string }[];
};

export type FeedDescription = {
  id: string;
  /** Plain text. */
  title: string;
  /** Plain text. */
  subtitle?: string;
  /** The feed's own path, e.g. "/tags/bikes/feed.xml". */
  selfPath: string;
  /** The page the feed follows, e.g. "/tags/bikes". */
  pagePath: string;
  /** When there are no entries: the feed's updated time. */
  emptyUpdated: Date;
  entries: FeedEntry[];
};

/**
 * An Atom 1.0 document (RFC 4287), built with the `feed` package. What it leaves to its caller
 * is done here: titles and summaries are escaped (it writes them as type="html"), content is
 * kept valid inside CDATA, and attribute values carry no `<` (it escapes only `&` and `"`).
 */
export function renderAtomFeed(description: FeedDescription): string {
  const updated =
    latest(description.entries.map((entry) => entry.updated)) ??
    description.emptyUpdated;
  const feed = new Feed({
    id: description.id,
    title: xmlSafe(description.title),
    description:
      description.subtitle === undefined
        ? undefined
        : xmlSafe(description.subtitle),
    link: absoluteUrl(description.pagePath),
    feed: absoluteUrl(description.selfPath),
    updated,
    generator: "Lookout",
  });
  for (const entry of description.entries) {
    feed.addItem({
      id: entry.id,
      title: cdataSafe(escapeHtml(entry.title)),
      link: entry.url,
      date: entry.updated,
      published: entry.published,
      author: [{ name: xmlSafe(entry.authorName) }],
      description:
        entry.summary === undefined
          ? undefined
          : cdataSafe(escapeHtml(entry.summary)),
      content:
        entry.contentHtml === undefined
          ? undefined
          : cdataSafe(absolutizeHtml(entry.contentHtml, entry.url)),
      category: entry.categories?.map((category) => ({
        term: category.term,
        scheme: category.scheme,
        // An attribute value may not hold "<", and the package does not escape it: such a
        // label is left out (it is optional; the term is a slug).
        name: category.label.includes("<")
          ? undefined
          : xmlSafe(category.label),
      })),
    });
  }
  // The package writes an entry's link without rel, which RFC 4287 reads as "alternate", and
  // the self link without its type: both are said outright here.
  return feed
    .atom1()
    .replace(/^(\s*)<link href=/gm, '$1<link rel="alternate" href=')
    .replace(
      /^(\s*)<link rel="self" href=/m,
      '$1<link rel="self" type="application/atom+xml" href=',
    );
}

/** A post as a feed entry: its summary, its whole body and its tags. */
export function postEntry(post: FeedPost): FeedEntry {
  return {
    id: tagUri(`posts/${post.slug}`),
    title: post.title,
    url: absoluteUrl(`/posts/${post.slug}`),
    updated: post.updated,
    published: post.published,
    authorName: post.author,
    summary: post.summary,
    contentHtml: post.bodyHtml,
    categories: post.tags.map((tag) => ({
      term: tag.tagSlug,
      label: tag.tag,
      scheme: absoluteUrl("/tags/"),
    })),
  };
}

/** A published comment as a feed entry: "Comment #3 by Ruth on Shed security". */
export function commentEntry(
  post: { slug: string; title: string },
  comment: FeedComment,
): FeedEntry {
  const author = comment.authorName ?? "Anonymous";
  return {
    id: tagUri(`posts/${post.slug}/comments/${comment.number}`),
    title: `Comment #${comment.number} by ${author} on ${post.title}`,
    url: absoluteUrl(commentPath(post.slug, comment.number)),
    updated: comment.publishedAt,
    published: comment.publishedAt,
    authorName: author,
    contentHtml: comment.bodyHtml,
  };
}

/** A listing of posts with a feed: every post, a tag's or an area's. */
export type PostsFeed = Extract<FeedRef, { kind: "all" | "tag" | "area" }>;

/** The Atom feed of a listing of posts, newest first; its id is its path without ".xml". */
export function postsFeedResponse(feed: PostsFeed): Response {
  const site = getSiteSettings();
  const link = feedLink(site.name, feed);
  const filter: PostFilter =
    feed.kind === "tag"
      ? { kind: "tag", tagSlug: feed.slug }
      : feed.kind === "area"
        ? { kind: "area", areaSlug: feed.slug }
        : { kind: "all" };
  return atomResponse(
    renderAtomFeed({
      id: tagUri(link.path.slice(1, -".xml".length)),
      title: link.title,
      ...(feed.kind === "all" ? { subtitle: site.tagline } : {}),
      selfPath: link.path,
      pagePath: link.pagePath,
      // Only the site's feed can be empty (a known tag or area has a published post), and then
      // any instant would do: this one is true.
      emptyUpdated: new Date(),
      entries: listFeedPosts(filter).map(postEntry),
    }),
  );
}

/** An Atom document as a response. */
export function atomResponse(xml: string): Response {
  return new Response(xml, {
    headers: {
      "Content-Type": "application/atom+xml; charset=utf-8",
      "Cache-Control": "public, max-age=300",
    },
  });
}

export type SitemapUrl = { path: string; lastmod?: Date };

/** A sitemap (sitemaps.org 0.9) of absolute URLs. */
export function renderSitemap(urls: readonly SitemapUrl[]): string {
  const lines = urls.map(({ path, lastmod }) => {
    const loc = `<loc>${escapeHtml(absoluteUrl(path))}</loc>`;
    const modified = lastmod
      ? `<lastmod>${lastmod.toISOString()}</lastmod>`
      : "";
    return `  <url>${loc}${modified}</url>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...lines,
    "</urlset>",
    "",
  ].join("\n");
}

/** Pages that crawlers have no business reading: the desk and the account forms. */
export const DISALLOWED_PATHS = [
  "/moderation",
  "/sign-in",
  "/sign-up",
  "/sign-out",
  "/forgot-password",
  "/reset-password",
  "/confirm-email",
  "/account",
] as const;

/** robots.txt: everything may be crawled except the desk and the account forms. */
export function renderRobotsTxt(): string {
  return [
    "User-agent: *",
    "Allow: /",
    ...DISALLOWED_PATHS.map((path) => `Disallow: ${path}`),
    "",
    `Sitemap: ${absoluteUrl("/sitemap.xml")}`,
    "",
  ].join("\n");
}
