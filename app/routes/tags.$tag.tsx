import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Pagination } from "~/ui/pagination";
import { PostList } from "~/ui/post-list";
import { FollowBar } from "~/ui/follow-bar";
import { findTagName } from "~/features/posts/post.server";
import { notFound } from "~/platform/http.server";
import { loadPostListing } from "~/features/posts/listing.server";
import { pagedPath, pageMeta } from "~/domain/meta";

export function loader({ request, params }: LoaderFunctionArgs) {
  const tagSlug = params.tag ?? "";
  const tag = findTagName(tagSlug);
  if (tag === null) throw notFound("No post is tagged with that.");
  return {
    tag,
    tagSlug,
    ...loadPostListing(request, { kind: "tag", tagSlug }),
  };
}

export default function TagPage() {
  const { tag, tagSlug, posts, page, pageCount, total } =
    useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Tagged “{tag}”</h1>
      <p className="lead">{total === 1 ? "1 post" : `${total} posts`}</p>
      <FollowBar feed={{ kind: "tag", name: tag, slug: tagSlug }} />
      <PostList posts={posts} />
      <Pagination
        basePath={`/tags/${tagSlug}`}
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
          title: `Tagged “${data.tag}”`,
          description: `Posts tagged “${data.tag}”.`,
          path: pagedPath(`/tags/${data.tagSlug}`, data.page),
          feed: { kind: "tag", name: data.tag, slug: data.tagSlug },
        }
      : { title: "Not found" },
  );
