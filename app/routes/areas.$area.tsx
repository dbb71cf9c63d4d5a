import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Pagination } from "~/ui/pagination";
import { PostList } from "~/ui/post-list";
import { FollowBar } from "~/ui/follow-bar";
import { findAreaName } from "~/features/posts/post.server";
import { notFound } from "~/platform/http.server";
import { loadPostListing } from "~/features/posts/listing.server";
import { pagedPath, pageMeta } from "~/domain/meta";

export function loader({ request, params }: LoaderFunctionArgs) {
  const areaSlug = params.area ?? "";
  const area = findAreaName(areaSlug);
  if (area === null) throw notFound("There are no posts about that area.");
  return {
    area,
    areaSlug,
    ...loadPostListing(request, { kind: "area", areaSlug }),
  };
}

export default function AreaPage() {
  const { area, areaSlug, posts, page, pageCount, total } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">{area}</h1>
      <p className="lead">
        {total === 1 ? "1 post" : `${total} posts`} about this area
      </p>
      <FollowBar feed={{ kind: "area", name: area, slug: areaSlug }} />
      <PostList posts={posts} />
      <Pagination
        basePath={`/areas/${areaSlug}`}
        page={page}
        pageCount={pageCount}
      />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(
    matches,
    data
      ? {
          title: data.area,
          description: `Posts about ${data.area}.`,
          path: pagedPath(`/areas/${data.areaSlug}`, data.page),
          feed: { kind: "area", name: data.area, slug: data.areaSlug },
        }
      : { title: "Not found" },
  );
