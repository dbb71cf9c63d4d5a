import {
  listPosts,
  type PostFilter,
  type PostSummary,
} from "~/features/posts/post.server";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import { pageCountOrNotFound, parsePage } from "../../platform/http.server";

export type PostListing = {
  posts: PostSummary[];
  page: number;
  pageCount: number;
  total: number;
};

/** The page of posts that a listing URL asks for; a page past the end is a 404. */
export function loadPostListing(
  request: Request,
  filter: PostFilter,
): PostListing {
  const page = parsePage(request);
  const perPage = getSiteSettings().postsPerPage;
  const { posts, total } = listPosts(filter, { page, perPage });
  const pageCount = pageCountOrNotFound(
    total,
    perPage,
    page,
    "There is no such page.",
  );
  return { posts, page, pageCount, total };
}
