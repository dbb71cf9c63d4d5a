import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getPublishedPost } from "~/features/posts/post.server";
import { addressInDiscussion } from "~/features/discussion/discussion.server";
import { readGuestKey } from "~/features/accounts/guest.server";
import { notFound, wholeNumberParam } from "~/platform/http.server";
import { getSessionUser } from "~/features/accounts/session.server";

const commentId = wholeNumberParam(999_999_999);

/**
 * Where posters find their own held comment, which only their browser or account sees: the page
 * of the discussion that shows it to them. Once published it is found at its number; a comment
 * they cannot see sends them to the start of the discussion.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const post = getPublishedPost(params.slug ?? "");
  const id = commentId.safeParse(params.id);
  if (!post || !id.success)
    throw notFound("There is no comment at this address.");
  const user = await getSessionUser(request);
  const viewer = {
    guestKey: await readGuestKey(request),
    userId: user?.id ?? null,
  };
  return redirect(
    addressInDiscussion(post, viewer, (place) => place.id === id.data),
    // The answer depends on who asks.
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
