import type { LoaderFunctionArgs } from "@remix-run/node";
import { listFeedPosts } from "~/models/feed.server";
import { findTagName } from "~/models/post.server";
import { getSiteSettings } from "~/models/settings.server";
import {
  atomResponse,
  postEntry,
  renderAtomFeed,
  tagUri,
} from "~/utils/feed.server";
import { notFound } from "~/utils/http.server";
import { feedLink } from "~/utils/meta";

/** The Atom feed of the posts with one tag. */
export function loader({ params }: LoaderFunctionArgs) {
  const tagSlug = params.tag ?? "";
  const tag = findTagName(tagSlug);
  if (tag === null) throw notFound("No post is tagged with that.");
  const site = getSiteSettings();
  const link = feedLink(site.name, { kind: "tag", name: tag, slug: tagSlug });
  const entries = listFeedPosts({ kind: "tag", tagSlug }).map(postEntry);
  return atomResponse(
    renderAtomFeed({
      id: tagUri(`tags/${tagSlug}/feed`),
      title: link.title,
      selfPath: link.path,
      pagePath: link.pagePath,
      // A known tag has a published post, so there is always an entry.
      emptyUpdated: new Date(0),
      entries,
    }),
  );
}
