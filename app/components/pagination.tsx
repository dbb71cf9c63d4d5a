import { Link } from "@remix-run/react";

/**
 * Newer/older links; page 1 has no page parameter so it has one URL. Other parameters of
 * `search` (a listing's filters) are kept.
 */
export function Pagination({
  basePath,
  page,
  pageCount,
  search = "",
  fragment,
  labels = { previous: "← Newer posts", next: "Older posts →", nav: "Pages" },
}: {
  basePath: string;
  page: number;
  pageCount: number;
  search?: string;
  /** An id on the page to land at, such as the start of a post's comments. */
  fragment?: string;
  /** Words for lists not in date order, such as ranked search results. */
  labels?: { previous: string; next: string; nav: string };
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
