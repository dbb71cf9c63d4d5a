import { listFeedPosts } from "~/models/feed.server";
import { getSiteSettings } from "~/models/settings.server";
import {
  atomResponse,
  postEntry,
  renderAtomFeed,
  tagUri,
} from "~/utils/feed.server";
import { feedLink } from "~/utils/meta";

/** The Atom feed of every post, newest first. */
export function loader() {
  const site = getSiteSettings();
  const link = feedLink(site.name, { kind: "all" });
  return atomResponse(
    renderAtomFeed({
      id: tagUri("feed"),
      title: link.title,
      subtitle: site.tagline,
      selfPath: link.path,
      pagePath: link.pagePath,
      // Nothing is published yet: any instant would do, and this one is true.
      emptyUpdated: new Date(),
      entries: listFeedPosts({ kind: "all" }).map(postEntry),
    }),
  );
}
