import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Pagination } from "~/ui/pagination";
import { PostList } from "~/ui/post-list";
import { formatMonth, monthRange } from "~/domain/dates";
import { notFound } from "~/platform/http.server";
import { loadPostListing } from "~/features/posts/listing.server";
import { pagedPath, pageMeta } from "~/domain/meta";

export function loader({ request, params }: LoaderFunctionArgs) {
  const { year = "", month = "" } = params;
  const range =
    /^\d{4}$/.test(year) && /^\d{2}$/.test(month)
      ? monthRange(Number(year), Number(month))
      : null;
  if (!range) throw notFound("That is not a month of the archive.");
  const listing = loadPostListing(request, { kind: "dates", ...range });
  if (listing.total === 0) throw notFound("Nothing was posted that month.");
  return {
    label: formatMonth(`${year}-${month}`),
    basePath: `/archive/${year}/${month}`,
    ...listing,
  };
}

export default function MonthArchive() {
  const { label, basePath, posts, page, pageCount, total } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Posts from {label}</h1>
      <p className="lead">{total === 1 ? "1 post" : `${total} posts`}</p>
      <PostList posts={posts} />
      <Pagination basePath={basePath} page={page} pageCount={pageCount} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(
    matches,
    data
      ? {
          title: `Posts from ${data.label}`,
          path: pagedPath(data.basePath, data.page),
        }
      : { title: "Not found" },
  );
