import { postsFeedResponse } from "~/utils/feed.server";

/** The Atom feed of every post, newest first. */
export function loader() {
  return postsFeedResponse({ kind: "all" });
}
