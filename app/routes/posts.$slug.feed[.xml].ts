import type { LoaderFunctionArgs } from "@remix-run/node";
import { listFeedComments } from "~/features/feeds/feed-entries.server";
import { getPublishedPost } from "~/features/posts/post.server";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import {
  atomResponse,
  commentEntry,
  renderAtomFeed,
  tagUri,
} from "~/features/feeds/atom-feed.server";
import { startOfDate } from "~/domain/dates";
import { notFound } from "~/platform/http.server";
import { feedLink } from "~/domain/meta";

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
