import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  CommentForm,
  commentFormId,
  type CommentActionResult,
} from "~/components/comment-form";
import { CommentThread } from "~/components/comment-thread";
import { TagList } from "~/components/tag-list";
import { formValues, parseCommentForm } from "~/domain/comment-form";
import {
  anonymousHint,
  outcomeMessage,
  reasonsByField,
} from "~/domain/comment-outcome";
import { formatLongDate } from "~/domain/dates";
import { closedReason } from "~/domain/moderation-policy";
import { buildThread } from "~/domain/thread";
import { listThreadComments, submitComment } from "~/models/comment.server";
import { getPolicySettings } from "~/models/policy.server";
import { getPublishedPost } from "~/models/post.server";
import { getSiteSettings } from "~/models/settings.server";
import { guestCookieHeader, readGuestKey } from "~/utils/guest.server";
import { notFound } from "~/utils/http.server";
import { renderCommentMarkdown } from "~/utils/markdown.server";
import { pageMeta } from "~/utils/meta";
import { identifyPoster } from "~/utils/poster.server";

const replyToSchema = z.coerce.number().int().positive().nullable().catch(null);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const post = getPublishedPost(params.slug ?? "");
  if (!post)
    throw notFound(
      "There is no post at this address. It may have been taken down.",
    );
  const policy = getPolicySettings();
  const now = new Date();
  const comments = listThreadComments(post.id, await readGuestKey(request));
  // Guests see whether guests may comment; members and staff come with accounts.
  const closed = closedReason(post, "named", policy, now);
  return {
    post,
    thread: buildThread(comments, policy.maxDepth),
    now,
    timeZone: getSiteSettings().timeZone,
    closedMessage: closed
      ? `${closed.message[0]!.toUpperCase()}${closed.message.slice(1)}.`
      : null,
    anonymousHint: anonymousHint(policy.anonymous),
    replyTo: replyToSchema.parse(
      new URL(request.url).searchParams.get("replyTo"),
    ),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const fields = Object.fromEntries(await request.formData());
  const values = formValues(fields);
  const formId = commentFormId(
    /^\d+$/.test(values.parentId) ? Number(values.parentId) : null,
  );
  const parsed = parseCommentForm(fields);
  if (!parsed.ok) {
    return data<CommentActionResult>(
      {
        status: "invalid",
        formId,
        message: "Please check the form: nothing was posted yet.",
        errors: parsed.errors,
        values,
      },
      { status: 400 },
    );
  }
  const { form } = parsed;
  if (form.intent === "preview") {
    return data<CommentActionResult>({
      status: "preview",
      formId,
      previewHtml: renderCommentMarkdown(form.body),
      values,
    });
  }

  const poster = await identifyPoster(request, context, form);
  const result = submitComment(
    {
      postSlug: params.slug ?? "",
      parentId: form.parentId,
      body: form.body,
      poster,
    },
    getPolicySettings(),
    new Date(),
  );
  const headers = {
    "Set-Cookie": await guestCookieHeader(poster.guestKey, request),
  };
  if (result.kind === "post-not-found")
    throw notFound(
      "There is no post at this address. It may have been taken down.",
    );
  if (result.kind === "parent-unavailable") {
    return data<CommentActionResult>(
      {
        status: "invalid",
        formId,
        message: result.message,
        errors: {},
        values,
      },
      { status: 409, headers },
    );
  }
  const { decision, comment } = result;
  // Moderators' details (which word matched) stay on the server.
  const reasons = decision.reasons.map(({ code, message }) => ({
    code,
    message,
  }));
  if (decision.outcome === "reject") {
    return data<CommentActionResult>(
      {
        status: "rejected",
        formId,
        message: outcomeMessage("reject", reasons),
        errors: reasonsByField(reasons),
        values,
      },
      { status: 422, headers },
    );
  }
  return data<CommentActionResult>(
    {
      status: decision.outcome === "publish" ? "published" : "held",
      formId,
      message: outcomeMessage(decision.outcome, reasons),
      commentNumber: comment?.number ?? null,
    },
    { headers },
  );
}

export default function PostPage() {
  const { post, thread, now, timeZone, closedMessage, anonymousHint, replyTo } =
    useLoaderData<typeof loader>();
  const actionResult = useActionData<typeof action>();
  const canReply = closedMessage === null;
  return (
    <>
      <article className="post" aria-labelledby="post-title">
        <header>
          <h1 id="post-title">{post.title}</h1>
          <p className="meta">
            <time dateTime={post.date}>{formatLongDate(post.date)}</time> · by{" "}
            {post.author}
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
        {thread.length > 0 ? (
          <CommentThread
            nodes={thread}
            context={{
              postSlug: post.slug,
              now,
              timeZone,
              canReply,
              replyTo,
              result: actionResult,
              anonymousHint,
            }}
          />
        ) : (
          <p>No comments yet.</p>
        )}
        {closedMessage ? (
          <p className="closed-notice" role="note">
            {closedMessage}
          </p>
        ) : (
          <CommentForm
            postSlug={post.slug}
            parentId={null}
            result={actionResult}
            anonymousHint={anonymousHint}
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
      ? { title: data.post.title, description: data.post.summary }
      : { title: "Not found" },
  );
