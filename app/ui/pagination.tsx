import { Link } from "@remix-run/react";

type PageLabels = { previous: string; next: string; nav: string };

/**
 * Page links for a list in date order, named for what is on the next page: older items when the
 * newest come first, newer ones when the oldest do ("Older posts →", "Newer comments →").
 */
export function dateOrderLabels(
  items: string,
  order: "newest first" | "oldest first",
): PageLabels {
  const [before, after] =
    order === "newest first" ? ["Newer", "Older"] : ["Older", "Newer"];
  return {
    previous: `← ${before} ${items}`,
    next: `${after} ${items} →`,
    nav: `Pages of ${items}`,
  };
}

const POSTS_NEWEST_FIRST: PageLabels = {
  ...dateOrderLabels("posts", "newest first"),
  nav: "Pages",
};

/**
 * Links to the previous and next pages; page 1 has no page parameter so it has one URL. Other parameters of
 * `search` (a listing's filters) are kept.
 */
export function Pagination({
  basePath,
  page,
  pageCount,
  search = "",
  fragment,
  labels = POSTS_NEWEST_FIRST,
}: {
  basePath: string;
  page: number;
  pageCount: number;
  search?: string;
  /** An id on the page to land at, such as the start of a post's comments. */
  fragment?: string;
  /** Words for lists other than posts newest first: see dateOrderLabels; ranked search results. */
  labels?: PageLabels;
}) {
  if (pageCount <= 1) return null;
  const href = (target: number) => {
    const params = new URLSearchParams(search);
    if (target === 1) params.delete("page");
    else params.set("page", String(target));
    const query = params.toString();
    return `${basePath}${query ? `?${query}` : ""}${fragment ? `#${fragment}` : ""}`;
  };
  return (
    <nav className="pagination" aria-label={labels.nav}>
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          {labels.previous}
        </Link>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          {labels.next}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
