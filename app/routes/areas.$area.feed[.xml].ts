import type { LoaderFunctionArgs } from "@remix-run/node";
import { findAreaName } from "~/features/posts/post.server";
import { postsFeedResponse } from "~/features/feeds/atom-feed.server";
import { notFound } from "~/platform/http.server";

/** The Atom feed of the posts about one area. */
export function loader({ params }: LoaderFunctionArgs) {
  const slug = params.area ?? "";
  const name = findAreaName(slug);
  if (name === null) throw notFound("There are no posts about that area.");
  return postsFeedResponse({ kind: "area", name, slug });
}
