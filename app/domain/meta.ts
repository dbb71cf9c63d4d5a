import type { MetaDescriptor } from "@remix-run/node";
import {
  DEFAULT_SITE_SETTINGS,
  type SiteSettings,
} from "~/domain/site-defaults";

type Matches = readonly { id: string; data: unknown }[];

/** An Atom feed of the site: every post, a tag's, an area's, or a post's comments. */
export type FeedRef =
  | { kind: "all" }
  | { kind: "tag"; name: string; slug: string }
  | { kind: "area"; name: string; slug: string }
  | { kind: "comments"; postTitle: string; slug: string };

/** A feed's title, its address and the page it follows; shared by the feeds and the pages' links. */
export function feedLink(
  siteName: string,
  feed: FeedRef,
): { title: string; path: string; pagePath: string } {
  switch (feed.kind) {
    case "all":
      return { title: siteName, path: "/feed.xml", pagePath: "/" };
    case "tag":
      return {
        title: `${siteName}: posts tagged “${feed.name}”`,
        path: `/tags/${feed.slug}/feed.xml`,
        pagePath: `/tags/${feed.slug}`,
      };
    case "area":
      return {
        title: `${siteName}: posts about ${feed.name}`,
        path: `/areas/${feed.slug}/feed.xml`,
        pagePath: `/areas/${feed.slug}`,
      };
    case "comments":
      return {
        title: `${siteName}: comments on “${feed.postTitle}”`,
        path: `/posts/${feed.slug}/feed.xml`,
        pagePath: `/posts/${feed.slug}`,
      };
  }
}

/** A listing's path with its page: "/tags/bikes" and 2 → "/tags/bikes?page=2"; page 1 is the bare path. */
export function pagedPath(basePath: string, page: number | undefined): string {
  return page !== undefined && page > 1 ? `${basePath}?page=${page}` : basePath;
}

export type PageMetaOptions = {
  /** The page's own title; the site's name is added. Leave out for the home page. */
  title?: string;
  /** Defaults to the site's tagline. */
  description?: string;
  /**
   * The page's address on the site, such as "/posts/shed-security" (with `?page=2` on later pages
   * of a listing): gives the canonical URL and og:url. Leave out on error pages.
   */
  path?: string;
  /** Open Graph type: "article" for a post, "website" (the default) otherwise. */
  type?: "website" | "article";
  /** For an article: its date, YYYY-MM-DD. */
  publishedDate?: string;
  /** The Atom feed that belongs to this page, announced for feed readers. */
  feed?: FeedRef;
  /** A picture for link previews: a site path or an absolute URL, with its description. */
  image?: { src: string; alt: string } | null;
};

/** The first picture of a post's stored (sanitized) HTML, for link previews. */
export function firstImageOf(
  html: string,
): { src: string; alt: string } | null {
  const tag = /<img\b[^>]*>/i.exec(html)?.[0];
  const src = tag && /\ssrc="([^"]+)"/.exec(tag)?.[1];
  if (!tag || !src) return null;
  const alt = /\salt="([^"]*)"/.exec(tag)?.[1] ?? "";
  const decode = (text: string) =>
    text
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  return { src: decode(src), alt: decode(alt) };
}

/**
 * The head tags of a page: title and description, the canonical URL, Open Graph and Twitter card
 * tags for link previews, and the page's feed. The site's name and public address (SITE_URL) come
 * from the root loader, so this runs the same on the server and in the browser.
 */
export function pageMeta(
  matches: Matches,
  {
    title,
    description,
    path,
    type = "website",
    publishedDate,
    feed,
    image,
  }: PageMetaOptions,
): MetaDescriptor[] {
  const root = matches.find((match) => match.id === "root")?.data as
    { site?: SiteSettings; siteUrl?: string } | undefined;
  const site = root?.site ?? DEFAULT_SITE_SETTINGS;
  const siteUrl = root?.siteUrl;
  const absolute = (sitePath: string) =>
    siteUrl === undefined ? sitePath : `${siteUrl}${sitePath}`;
  const shareTitle = title ?? site.name;
  const summary = description ?? site.tagline;
  const url = path === undefined ? undefined : absolute(path);
  const tags: MetaDescriptor[] = [
    { title: title ? `${title} — ${site.name}` : site.name },
    { name: "description", content: summary },
  ];
  // A canonical URL must be absolute to be of use; without the root's data there is none.
  if (url !== undefined && siteUrl !== undefined) {
    tags.push({ tagName: "link", rel: "canonical", href: url });
  }
  tags.push(
    { property: "og:site_name", content: site.name },
    { property: "og:title", content: shareTitle },
    { property: "og:description", content: summary },
    { property: "og:type", content: type },
  );
  if (url !== undefined && siteUrl !== undefined) {
    tags.push({ property: "og:url", content: url });
  }
  if (type === "article" && publishedDate !== undefined) {
    tags.push({ property: "article:published_time", content: publishedDate });
  }
  const imageUrl = image
    ? /^https?:\/\//.test(image.src)
      ? image.src
      : absolute(image.src)
    : undefined;
  if (image && imageUrl !== undefined) {
    tags.push(
      { property: "og:image", content: imageUrl },
      { property: "og:image:alt", content: image.alt },
      { name: "twitter:image", content: imageUrl },
    );
  }
  tags.push(
    {
      name: "twitter:card",
      content: image ? "summary_large_image" : "summary",
    },
    { name: "twitter:title", content: shareTitle },
    { name: "twitter:description", content: summary },
  );
  if (feed !== undefined) {
    const link = feedLink(site.name, feed);
    tags.push({
      tagName: "link",
      rel: "alternate",
      type: "application/atom+xml",
      title: link.title,
      href: absolute(link.path),
    });
  }
  return tags;
}
