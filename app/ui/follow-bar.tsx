import type { ReactNode } from "react";
import { feedLink, type FeedRef } from "~/domain/meta";

/** The words of a page's visible feed link. */
function feedLabel(feed: FeedRef): string {
  switch (feed.kind) {
    case "all":
      return "Feed of every post";
    case "tag":
      return `Feed of posts tagged “${feed.name}”`;
    case "area":
      return `Feed of posts about ${feed.name}`;
    case "comments":
      return "Feed of this discussion's comments";
  }
}

/**
 * The ways to follow a page: its Atom feed, which needs no email and no account, and beside it
 * the Follow form (`children`) where the page has one. A plain link and a plain form: both work
 * without JavaScript and fit a phone.
 */
export function FollowBar({
  feed,
  children,
}: {
  feed: FeedRef;
  children?: ReactNode;
}) {
  const { path } = feedLink("", feed);
  return (
    <div className="follow-bar">
      <p className="feed-link">
        <a href={path} type="application/atom+xml">
          {feedLabel(feed)}
        </a>{" "}
        <span className="hint">(for a feed reader, no email needed)</span>
      </p>
      {children}
    </div>
  );
}
