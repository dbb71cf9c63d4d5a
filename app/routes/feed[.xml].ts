import { postsFeedResponse } from "~/features/feeds/atom-feed.server";

/** The Atom feed of every post, newest first. */
export function loader() {
  return postsFeedResponse({ kind: "all" });
}
