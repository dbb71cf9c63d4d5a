import type { LoaderFunctionArgs } from "@remix-run/node";
import { listFeedComments } from "~/models/feed.server";
import { getPublishedPost } from "~/models/post.server";
import { getSiteSettings } from "~/models/settings.server";
import {
  atomResponse,
  commentEntry,
  renderAtomFeed,
  startOfDate,
  tagUri,
} from "~/utils/feed.server";
import { notFound } from "~/utils/http.server";
import { feedLink } from "~/utils/meta";

/** The Atom feed of a post's published comments, newest first. */
export function loader({ params }: LoaderFunctionArgs) {
  const post = getPublishedPost(params.slug ?? "");
  if (!post) throw notFound("There is no post at this address.");
  const site = getSiteSettings();
  const link = feedLink(site.name, {
    kind: "comments",
    postTitle: post.title,
    slug: post.slug,
  });
  return atomResponse(
    renderAtomFeed({
      id: tagUri(`posts/${post.slug}/comments`),
      title: link.title,
      subtitle: post.summary,
      selfPath: link.path,
      pagePath: `${link.pagePath}#comments`,
      // No comment yet: the feed is as old as the post.
      emptyUpdated: startOfDate(post.date),
      entries: listFeedComments(post.id).map((comment) =>
        commentEntry(post, comment),
      ),
    }),
  );
}
