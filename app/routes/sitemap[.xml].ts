import { getSitemapContent } from "~/features/feeds/feed-entries.server";
import {
  latest,
  renderSitemap,
  type SitemapUrl,
} from "~/features/feeds/atom-feed.server";

/** Every page worth indexing: home, archive, each published post (with its last change), tag, area and month. */
export function loader() {
  const content = getSitemapContent();
  const newest = latest(content.posts.map((post) => post.updated)) ?? undefined;
  const urls: SitemapUrl[] = [
    { path: "/", lastmod: newest },
    { path: "/archive", lastmod: newest },
    ...content.posts.map((post) => ({
      path: `/posts/${post.slug}`,
      lastmod: post.updated,
    })),
    ...content.tagSlugs.map((slug) => ({ path: `/tags/${slug}` })),
    ...content.areaSlugs.map((slug) => ({ path: `/areas/${slug}` })),
    ...content.months.map((month) => ({
      path: `/archive/${month.replace("-", "/")}`,
    })),
  ];
  return new Response(renderSitemap(urls), {
    headers: {
      "Content-Type": "application/xml; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    },
  });
}
