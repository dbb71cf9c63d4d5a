import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Pagination } from "~/ui/pagination";
import { PostList } from "~/ui/post-list";
import { FollowBar } from "~/ui/follow-bar";
import { FollowForm } from "~/ui/follow-form";
import { asFollowOutcome } from "~/domain/follow-mail";
import {
  memberFollowing,
  handleFollowForm,
} from "~/features/notify/follows.server";
import { getSessionUser } from "~/features/accounts/session.server";
import {
  answerOnThisPage,
  takeFormOutcome,
} from "~/features/discussion/form-outcome.server";
import { findTagName } from "~/features/posts/post.server";
import { notFound, readForm } from "~/platform/http.server";
import { loadPostListing } from "~/features/posts/listing.server";
import { pagedPath, pageMeta } from "~/domain/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const tagSlug = params.tag ?? "";
  const tag = findTagName(tagSlug);
  if (tag === null) throw notFound("No post is tagged with that.");
  return {
    tag,
    tagSlug,
    ...loadPostListing(request, { kind: "tag", tagSlug }),
    ...memberFollowing(await getSessionUser(request), {
      kind: "tag",
      slug: tagSlug,
    }),
    followOutcome: asFollowOutcome(await takeFormOutcome(request, new Date())),
  };
}

/** The Follow form; without JavaScript answered by a redirect back to the form. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const fields = Object.fromEntries(await readForm(request));
  const tagSlug = params.tag ?? "";
  if (findTagName(tagSlug) === null)
    throw notFound("No post is tagged with that.");
  const { result, status, retryAfter } = await handleFollowForm(
    request,
    context.clientAddress,
    fields,
    {
      kind: "tag",
      slug: tagSlug,
    },
  );
  return answerOnThisPage(
    request,
    context.documentRequest,
    { outcome: result, status, retryAfter, anchor: "follow" },
    new Date(),
  );
}

export default function TagPage() {
  const {
    tag,
    tagSlug,
    posts,
    page,
    pageCount,
    total,
    member,
    follow,
    followOutcome,
  } = useLoaderData<typeof loader>();
  const followResult =
    useActionData<typeof action>() ?? followOutcome ?? undefined;
  return (
    <>
      <h1 className="page-title">Tagged “{tag}”</h1>
      <p className="lead">{total === 1 ? "1 post" : `${total} posts`}</p>
      <FollowBar feed={{ kind: "tag", name: tag, slug: tagSlug }}>
        <FollowForm
          kind="tag"
          action={`/tags/${tagSlug}`}
          member={member}
          state={follow}
          result={followResult}
        />
      </FollowBar>
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
