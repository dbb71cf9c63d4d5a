import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { buildThread, discussionQuery, pageOfComment } from "~/domain/thread";
import { listThreadPlaces } from "~/models/comment.server";
import { getPolicySettings } from "~/models/policy.server";
import { getPublishedPost } from "~/models/post.server";
import { getSiteSettings } from "~/models/settings.server";
import { notFound, wholeNumberParam } from "~/utils/http.server";

const commentNumber = wholeNumberParam(999_999_999);

/**
 * A comment's lasting address (search results, feeds and the moderation log link here): sends
 * the reader to the page of the discussion that shows the comment. A comment no longer shown
 * sends them to the start of the discussion.
 */
export function loader({ params }: LoaderFunctionArgs) {
  const post = getPublishedPost(params.slug ?? "");
  const number = commentNumber.safeParse(params.number);
  if (!post || !number.success)
    throw notFound("There is no comment at this address.");
  const discussions = buildThread(
    listThreadPlaces(post.id, { guestKey: null, userId: null }),
    getPolicySettings().maxDepth,
  );
  const page = pageOfComment(
    discussions,
    (comment) => comment.number === number.data && !comment.placeholder,
    getSiteSettings().discussionsPerPage,
  );
  const postPath = `/posts/${post.slug}`;
  return redirect(
    page === null
      ? `${postPath}#comments`
      : `${postPath}${discussionQuery(page)}#comment-${number.data}`,
  );
}
