import {
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import type { ShouldRevalidateFunction } from "@remix-run/react";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { CommentForm } from "~/ui/comment-form";
import { Pagination } from "~/ui/pagination";
import {
  CommentThread,
  MODERATION_NOTICE_ID,
  showComment,
  threadForData,
} from "~/ui/comment-thread";
import { TagList } from "~/ui/tag-list";
import { FollowBar } from "~/ui/follow-bar";
import { FollowForm } from "~/ui/follow-form";
import {
  followState,
  handleFollowForm,
} from "~/features/notify/follows.server";
import type { FollowActionResult } from "~/domain/follow-mail";
import { DiscussionOrderLinks } from "~/ui/discussion-order-links";
import { nameField } from "~/domain/comment-outcome";
import { formatLongDate, startOfMinute } from "~/domain/dates";
import {
  orderDiscussions,
  orderParams,
  parseDiscussionOrder,
} from "~/domain/discussion-order";
import { closedReason } from "~/domain/moderation-policy";
import { hasPermission, posterClassOf } from "~/domain/permissions";
import {
  buildThread,
  commentsOf,
  discussionPage,
  mapThread,
} from "~/domain/thread";
import {
  listThreadPlaces,
  threadComments,
} from "~/features/discussion/thread.server";
import {
  authorChangeForms,
  handleAuthorChangeForm,
} from "~/features/discussion/author-change-form.server";
import { replyQuote } from "~/features/discussion/reply-quote.server";
import { getPolicySettings } from "~/features/moderation/policy.server";
import { isObservationPost } from "~/domain/describe-behaviour";
import { getPublishedPost } from "~/features/posts/post.server";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import {
  handleCommentForm,
  handleReportForm,
  type ReportActionResult,
} from "~/features/discussion/discussion.server";
import {
  answerOnThisPage,
  redirectWithOutcome,
  takeFormOutcome,
} from "~/features/discussion/form-outcome.server";
import type { CommentActionResult } from "~/domain/comment-fields";
import { readGuestKey } from "~/features/accounts/guest.server";
import {
  notFound,
  pageCountOf,
  parsePage,
  readForm,
  readNotice,
  wholeNumberParam,
} from "~/platform/http.server";
import { firstImageOf, pagedPath, pageMeta } from "~/domain/meta";
import { anchorsToDraw, PREFER_OLD_ANCHORS } from "~/domain/old-anchors";
import { getSessionUser } from "~/features/accounts/session.server";

/** `?replyTo=` and `?report=`: a comment's id in plain digits; any other form opens no form. */
const commentIdParam = wholeNumberParam(999_999_999).nullable().catch(null);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const post = getPublishedPost(params.slug ?? "");
  if (!post)
    throw notFound(
      "There is no post at this address. It may have been taken down.",
    );
  const user = await getSessionUser(request);
  const policy = getPolicySettings();
  const now = new Date();
  const taken = await takeFormOutcome(request, now);
  const viewer = {
    // A first-time guest's cookie is only in this response: the action leaves its key here.
    guestKey: (await readGuestKey(request)) ?? context.issuedGuestKey ?? null,
    userId: user?.id ?? null,
  };
  const places = listThreadPlaces(post.id, viewer);
  // Signed out, a reader sees whether guests may comment.
  const closed = closedReason(
    post,
    user ? posterClassOf(user) : "named",
    policy,
    now,
  );
  const search = new URL(request.url).searchParams;
  const site = getSiteSettings();
  const sort = parseDiscussionOrder(search.get("sort"));
  const discussions = orderDiscussions(
    buildThread(places, policy.maxDepth),
    sort,
  );
  const pageCount = pageCountOf(discussions.length, site.discussionsPerPage);
  // Past the end shows the last page rather than a 404: the page a reader or a moderator was on
  // ends when they take its only discussion down, and the page drawn next must still answer.
  const page = Math.min(parsePage(request), pageCount);
  const shown = discussionPage(discussions, page, site.discussionsPerPage);
  // Only the page's comments are read with their text: a long discussion's others are not.
  const texts = threadComments(commentsOf(shown), viewer);
  // Relative times are drawn against the minute, so a page stays byte-identical (and its ETag
  // valid) for a minute at least.
  const minute = startOfMinute(now);
  // An imported comment's old anchors (decision 065): none that is an id of Lookout's own
  // comments, but from an old address (?old=1) all, and those own ids are not drawn.
  const highestNumber = Math.max(
    0,
    ...places.map((place) => place.number ?? 0),
  );
  const preferOld = search.get(PREFER_OLD_ANCHORS) === "1";
  const oldAnchors = new Map(
    [...texts.values()].map((comment) => [
      comment.id,
      anchorsToDraw(comment.oldAnchors, highestNumber, preferOld),
    ]),
  );
  const drawnOldAnchors = new Set([...oldAnchors.values()].flat());
  const thread = mapThread(shown, (place) => {
    const comment = texts.get(place.id)!;
    return showComment(
      { ...comment, oldAnchors: oldAnchors.get(place.id)! },
      minute,
      site.timeZone,
      policy.editWindowMinutes,
      drawnOldAnchors,
      // Drawn into the page's HTML, the texts stay out of its hydration data (decision 066).
      context.sentOnce,
    );
  });
  const canModerate = hasPermission(user?.role, "moderate");
  const replyTo = commentIdParam.parse(search.get("replyTo"));
  const reportOf = commentIdParam.parse(search.get("report"));
  const changeForms = authorChangeForms(search, texts);
  return {
    post,
    dateText: formatLongDate(post.date),
    // Drawn by the server with no form open, the thread stays out of the data (decision 077).
    thread: threadForData(thread, context.sentOnce, {
      canModerate,
      replyTo,
      reportOf,
      ...changeForms,
      answered: taken !== null || context.formPosted === true,
    }),
    discussionCount: shown.length,
    ...changeForms,
    replyQuote: replyQuote(search, texts),
    page,
    pageCount,
    closedMessage: closed
      ? `${closed.message[0]!.toUpperCase()}${closed.message.slice(1)}.`
      : null,
    // Only a members-only post is worth signing in for.
    signInToComment: closed?.code === "members-only",
    nameField: nameField(policy.anonymous),
    member: user ? { displayName: user.displayName } : null,
    follow: followState(user?.id ?? null, {
      kind: "discussion",
      postId: post.id,
    }),
    canModerate,
    replyTo,
    reportOf,
    maxLength: policy.maxLength,
    personalDetails: policy.holdPersonalDetails
      ? { allowCrimeReferences: policy.allowCrimeReferences }
      : null,
    nowPhrases: policy.nowPhrases,
    behaviourGuidance: isObservationPost(
      post.tags.map((tag) => tag.tag),
      policy.observationTags,
    ),
    sort,
    ...moderationNotice(request, search, texts),
    // What a form posted without JavaScript answered, shown here once (see the action).
    formOutcome: (taken ?? null) as PostActionResult | null,
  };
}

/**
 * What a moderator's Remove or Restore on this page answered (the desk sends the browser back
 * with a signed notice and `?moderated=<id>`): shown at that comment, or above the thread when
 * the comment has left it.
 */
function moderationNotice(
  request: Request,
  search: URLSearchParams,
  shown: ReadonlyMap<number, unknown>,
) {
  const text = readNotice(request);
  const moderated = commentIdParam.parse(search.get("moderated"));
  return {
    moderationNotice:
      text === null
        ? null
        : {
            text,
            commentId:
              moderated !== null && shown.has(moderated) ? moderated : null,
          },
  };
}

type PostActionResult =
  CommentActionResult | ReportActionResult | FollowActionResult;

// A report can take the comment out of the thread; reloading the thread at once would take the
// reader's thank-you away with it. The next visit shows the change.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  formData,
  defaultShouldRevalidate,
}) => (formData?.get("intent") === "report" ? false : defaultShouldRevalidate);

// Remix passes only an action's Set-Cookie on by itself; a full disk's Retry-After must reach
// the poster too, with JavaScript or without.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter !== null) headers.set("Retry-After", retryAfter);
  return headers;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const fields = Object.fromEntries(await readForm(request));
  if (fields.intent === "edit" || fields.intent === "delete")
    return handleAuthorChangeForm(request, context, fields);
  if (fields.intent === "follow")
    return followAction(request, params, context, fields);
  const answer =
    fields.intent === "report"
      ? await handleReportForm(request, context, fields)
      : await handleCommentForm(request, context, params.slug ?? "", fields);
  // Without JavaScript: post, redirect, get, landing at the form with its outcome in view.
  // An answer that asks to retry later (a full disk, too many reports) stays as it is.
  if (
    context.documentRequest &&
    !new Headers(answer.init?.headers).has("Retry-After")
  ) {
    const url = new URL(request.url);
    // A report's thanks stand above the thread (the comment may have left it): the form closes.
    const reported =
      answer.data.form === "report" && answer.data.status === "reported";
    if (reported) url.searchParams.delete("report");
    // An accepted reply's form closes: its answer stands where the form was.
    const replied =
      answer.data.form === "comment" &&
      answer.data.formId.startsWith("reply-") &&
      (answer.data.status === "published" || answer.data.status === "held");
    if (replied) {
      url.searchParams.delete("replyTo");
      url.searchParams.delete("quote");
    }
    throw await redirectWithOutcome(
      request,
      `${url.pathname}${url.search}#${reported ? "comments" : answer.data.formId}`,
      answer.data,
      answer.init?.headers,
      new Date(),
    );
  }
  return answer;
}

/** "Follow this discussion": answered like the other forms, by a redirect without JavaScript. */
async function followAction(
  request: Request,
  params: ActionFunctionArgs["params"],
  context: ActionFunctionArgs["context"],
  fields: Record<string, unknown>,
) {
  const post = getPublishedPost(params.slug ?? "");
  if (!post)
    throw notFound(
      "There is no post at this address. It may have been taken down.",
    );
  const { result, status, retryAfter } = await handleFollowForm(
    request,
    context.clientAddress,
    fields,
    {
      kind: "discussion",
      postId: post.id,
    },
  );
  return answerOnThisPage(
    request,
    context.documentRequest,
    { outcome: result, status, retryAfter, anchor: "follow" },
    new Date(),
  );
}

export default function PostPage() {
  const {
    post,
    thread,
    discussionCount,
    dateText,
    closedMessage,
    signInToComment,
    nameField,
    member,
    canModerate,
    replyTo,
    reportOf,
    page,
    pageCount,
    editing,
    deleting,
    maxLength,
    personalDetails,
    nowPhrases,
    behaviourGuidance,
    sort,
    replyQuote,
    formOutcome,
    moderationNotice,
    follow,
  } = useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>() ?? formOutcome;
  const commentResult =
    actionResult?.form === "comment" ? actionResult : undefined;
  const reportResult =
    actionResult?.form === "report" ? actionResult : undefined;
  const authorResult =
    actionResult?.form === "author-change" ? actionResult : undefined;
  const followResult =
    actionResult?.form === "follow" ? actionResult : undefined;
  // Without JavaScript the page is rendered anew after a report; the thanks stand above the
  // thread, as the reported comment may have left it.
  const reportThanks =
    reportResult?.status === "reported"
      ? reportResult.message
      : // A deleted comment without replies leaves the thread: its answer stands above it.
        authorResult?.status === "deleted"
        ? authorResult.message
        : null;
  return (
    <>
      <article className="post" aria-labelledby="post-title">
        <header>
          <h1 id="post-title">{post.title}</h1>
          <p className="meta">
            <time dateTime={post.date}>{dateText}</time> · by {post.author}
            {post.area && post.areaSlug ? (
              <>
                {" "}
                · <Link to={`/areas/${post.areaSlug}`}>{post.area}</Link>
              </>
            ) : null}
          </p>
          <TagList tags={post.tags} />
        </header>
        {/* Rendered from Markdown and sanitized when the content was synced. */}
        <div
          className="prose"
          dangerouslySetInnerHTML={{ __html: post.bodyHtml }}
        />
      </article>
      <nav className="post-neighbours" aria-label="More posts">
        {post.previous ? (
          <Link to={`/posts/${post.previous.slug}`} rel="prev">
            <span>← Older</span> {post.previous.title}
          </Link>
        ) : (
          <span />
        )}
        {post.next ? (
          <Link to={`/posts/${post.next.slug}`} rel="next">
            <span>Newer →</span> {post.next.title}
          </Link>
        ) : (
          <span />
        )}
      </nav>
      <section
        id="comments"
        className="comments"
        aria-labelledby="comments-title"
      >
        <h2 id="comments-title">
          {post.commentCount === 1
            ? "1 comment"
            : `${post.commentCount} comments`}
        </h2>
        <FollowBar
          feed={{ kind: "comments", postTitle: post.title, slug: post.slug }}
        >
          <FollowForm
            kind="discussion"
            action={`/posts/${post.slug}`}
            member={member !== null}
            state={follow}
            result={followResult}
          />
        </FollowBar>
        {reportThanks ? (
          <p className="form-message published" role="status">
            {reportThanks}
          </p>
        ) : null}
        {moderationNotice && moderationNotice.commentId === null ? (
          <p
            id={MODERATION_NOTICE_ID}
            className="form-message published"
            role="status"
          >
            {moderationNotice.text}
          </p>
        ) : null}
        {pageCount > 1 || discussionCount > 1 ? (
          <DiscussionOrderLinks postSlug={post.slug} sort={sort} />
        ) : null}
        {discussionCount > 0 ? (
          <CommentThread
            nodes={thread}
            context={{
              postSlug: post.slug,
              page,
              orderParams: orderParams(sort),
              replyQuote,
              canReply: closedMessage === null,
              canModerate,
              replyTo,
              reportOf,
              result: commentResult,
              reportResult: reportThanks ? undefined : reportResult,
              nameField,
              member,
              editing,
              deleting,
              authorResult,
              maxLength,
              personalDetails,
              nowPhrases,
              behaviourGuidance,
              moderationNotice:
                moderationNotice?.commentId != null
                  ? {
                      commentId: moderationNotice.commentId,
                      text: moderationNotice.text,
                    }
                  : null,
            }}
          />
        ) : (
          <p>No comments yet.</p>
        )}
        <Pagination
          basePath={`/posts/${post.slug}`}
          page={page}
          pageCount={pageCount}
          search={sort === "oldest" ? "" : `?sort=${sort}`}
          fragment="comments"
          labels={{
            previous: "← Earlier comments",
            next: "Later comments →",
            nav: "Pages of the discussion",
          }}
        />
        {closedMessage ? (
          <p className="closed-notice" role="note">
            {closedMessage}
            {signInToComment ? (
              <>
                {" "}
                <Link to={`/sign-in?redirectTo=/posts/${post.slug}%23comments`}>
                  Sign in
                </Link>{" "}
                or{" "}
                <Link to={`/sign-up?redirectTo=/posts/${post.slug}%23comments`}>
                  create an account
                </Link>
                .
              </>
            ) : null}
          </p>
        ) : (
          <CommentForm
            postSlug={post.slug}
            parentId={null}
            result={commentResult}
            nameField={nameField}
            member={member}
            page={page}
            // A new comment starts a discussion, and discussions go on the last page.
            landsOnThisPage={page === pageCount}
            maxLength={maxLength}
            personalDetails={personalDetails}
            nowPhrases={nowPhrases}
            behaviourGuidance={behaviourGuidance}
          />
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(
    matches,
    data
      ? {
          title: data.post.title,
          description: data.post.summary,
          // Each page of the discussion holds other comments, so each is its own page to index.
          path: pagedPath(`/posts/${data.post.slug}`, data.page),
          type: "article",
          publishedDate: data.post.date,
          image: firstImageOf(data.post.bodyHtml),
          feed: {
            kind: "comments",
            postTitle: data.post.title,
            slug: data.post.slug,
          },
        }
      : { title: "Not found" },
  );
