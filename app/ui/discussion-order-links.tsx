import { Link } from "@remix-run/react";
import type { DiscussionOrder } from "~/domain/discussion-order";

const LABELS: Record<DiscussionOrder, string> = {
  oldest: "Oldest first",
  newest: "Newest first",
};

/** Switches a discussion between oldest and newest first; the choice lives in the address. */
export function DiscussionOrderLinks({
  postSlug,
  sort,
}: {
  postSlug: string;
  sort: DiscussionOrder;
}) {
  return (
    <nav className="discussion-order" aria-label="Order of the comments">
      <ul>
        {(Object.keys(LABELS) as DiscussionOrder[]).map((order) => (
          <li key={order}>
            {order === sort ? (
              <span aria-current="true">{LABELS[order]}</span>
            ) : (
              <Link
                to={`/posts/${postSlug}${order === "oldest" ? "" : `?sort=${order}`}#comments`}
                preventScrollReset
                rel="nofollow"
              >
                {LABELS[order]}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
