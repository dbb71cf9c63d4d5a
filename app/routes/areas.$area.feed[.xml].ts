import type { LoaderFunctionArgs } from "@remix-run/node";
import { listFeedPosts } from "~/models/feed.server";
import { findAreaName } from "~/models/post.server";
import { getSiteSettings } from "~/models/settings.server";
import {
  atomResponse,
  postEntry,
  renderAtomFeed,
  tagUri,
} from "~/utils/feed.server";
import { notFound } from "~/utils/http.server";
import { feedLink } from "~/utils/meta";

/** The Atom feed of the posts about one area. */
export function loader({ params }: LoaderFunctionArgs) {
  const areaSlug = params.area ?? "";
  const area = findAreaName(areaSlug);
  if (area === null) throw notFound("There are no posts about that area.");
  const site = getSiteSettings();
  const link = feedLink(site.name, {
    kind: "area",
    name: area,
    slug: areaSlug,
  });
  const entries = listFeedPosts({ kind: "area", areaSlug }).map(postEntry);
  return atomResponse(
    renderAtomFeed({
      id: tagUri(`areas/${areaSlug}/feed`),
      title: link.title,
      selfPath: link.path,
      pagePath: link.pagePath,
      // A known area has a published post, so there is always an entry.
      emptyUpdated: new Date(0),
      entries,
    }),
  );
}
