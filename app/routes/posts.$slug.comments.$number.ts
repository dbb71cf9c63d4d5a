import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getPublishedPost } from "~/features/posts/post.server";
import { addressInDiscussion } from "~/features/discussion/discussion.server";
import { notFound, wholeNumberParam } from "~/platform/http.server";

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
  return redirect(
    addressInDiscussion(
      post,
      { guestKey: null, userId: null },
      (place) => place.number === number.data,
    ),
  );
}
