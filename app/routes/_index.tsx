import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Pagination } from "~/ui/pagination";
import { PostList } from "~/ui/post-list";
import { findMovedPost } from "~/features/posts/old-address.server";
import { loadPostListing } from "~/features/posts/listing.server";
import { pagedPath, pageMeta } from "~/domain/meta";

export function loader({ request }: LoaderFunctionArgs) {
  // An imported WordPress blog's short links (/?p=123, /?page_id=4) land on the home page.
  const url = new URL(request.url);
  if (url.searchParams.has("p") || url.searchParams.has("page_id")) {
    const moved = findMovedPost(url);
    if (moved) throw redirect(moved, 301);
  }
  return loadPostListing(request, { kind: "all" });
}

export default function Home() {
  const { posts, page, pageCount } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Latest updates</h1>
      {posts.length === 0 ? <p>No posts yet.</p> : <PostList posts={posts} />}
      <Pagination basePath="/" page={page} pageCount={pageCount} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, {
    path: pagedPath("/", data?.page),
    feed: { kind: "all" },
  });
