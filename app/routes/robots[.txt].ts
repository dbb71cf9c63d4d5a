import { renderRobotsTxt } from "~/features/feeds/atom-feed.server";

/** Lets crawlers read the site, except the moderation desk and the account forms. */
export function loader() {
  return new Response(renderRobotsTxt(), {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "public, max-age=3600",
    },
  });
}
