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
}: {
  basePath: string;
  page: number;
  pageCount: number;
  search?: string;
}) {
  if (pageCount <= 1) return null;
  const href = (target: number) => {
    const params = new URLSearchParams(search);
    if (target === 1) params.delete("page");
    else params.set("page", String(target));
    const query = params.toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  return (
    <nav className="pagination" aria-label="Pages">
      {page > 1 ? (
        <Link to={href(page - 1)} rel="prev">
          ← Newer posts
        </Link>
      ) : (
        <span />
      )}
      <span>
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <Link to={href(page + 1)} rel="next">
          Older posts →
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
