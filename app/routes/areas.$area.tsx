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
import { findAreaName } from "~/features/posts/post.server";
import { notFound, readForm } from "~/platform/http.server";
import { loadPostListing } from "~/features/posts/listing.server";
import { pagedPath, pageMeta } from "~/domain/meta";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const areaSlug = params.area ?? "";
  const area = findAreaName(areaSlug);
  if (area === null) throw notFound("There are no posts about that area.");
  return {
    area,
    areaSlug,
    ...loadPostListing(request, { kind: "area", areaSlug }),
    ...memberFollowing(await getSessionUser(request), {
      kind: "area",
      slug: areaSlug,
    }),
    followOutcome: asFollowOutcome(await takeFormOutcome(request, new Date())),
  };
}

/** The Follow form; without JavaScript answered by a redirect back to the form. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const fields = Object.fromEntries(await readForm(request));
  const areaSlug = params.area ?? "";
  if (findAreaName(areaSlug) === null)
    throw notFound("There are no posts about that area.");
  const { result, status, retryAfter } = await handleFollowForm(
    request,
    context.clientAddress,
    fields,
    {
      kind: "area",
      slug: areaSlug,
    },
  );
  return answerOnThisPage(
    request,
    context.documentRequest,
    { outcome: result, status, retryAfter, anchor: "follow" },
    new Date(),
  );
}

export default function AreaPage() {
  const {
    area,
    areaSlug,
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
      <h1 className="page-title">{area}</h1>
      <p className="lead">
        {total === 1 ? "1 post" : `${total} posts`} about this area
      </p>
      <FollowBar feed={{ kind: "area", name: area, slug: areaSlug }}>
        <FollowForm
          kind="area"
          action={`/areas/${areaSlug}`}
          member={member}
          state={follow}
          result={followResult}
        />
      </FollowBar>
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
