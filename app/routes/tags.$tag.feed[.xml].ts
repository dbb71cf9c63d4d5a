import type { LoaderFunctionArgs } from "@remix-run/node";
import { findTagName } from "~/features/posts/post.server";
import { postsFeedResponse } from "~/features/feeds/atom-feed.server";
import { notFound } from "~/platform/http.server";

/** The Atom feed of the posts with one tag. */
export function loader({ params }: LoaderFunctionArgs) {
  const slug = params.tag ?? "";
  const name = findTagName(slug);
  if (name === null) throw notFound("No post is tagged with that.");
  return postsFeedResponse({ kind: "tag", name, slug });
}
