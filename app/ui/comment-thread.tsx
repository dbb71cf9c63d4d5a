import { useNavigate } from "@remix-run/react";
import { Suspense, type MouseEvent } from "react";
import { PLACEHOLDER_TEXT } from "~/domain/comment-states";
import { showTime, type ShownTime } from "~/domain/dates";
import {
  commentAnchor,
  discussionQuery,
  type ThreadNode,
} from "~/domain/thread";
import type { ThreadComment } from "~/features/discussion/comment.server";
import type { ReportActionResult } from "~/features/discussion/discussion.server";
import type { CommentActionResult } from "~/domain/comment-fields";
import { CommentForm } from "./comment-form";
import { ModerationButtons } from "./moderation-buttons";
import { ReportForm } from "./report-form";

/**
 * A comment as the page draws it: its time comes formatted from the server, so the browser
 * hydrates the thread without making an Intl formatter (see app/domain/dates.ts).
 */
export type ShownComment = Omit<ThreadComment, "createdAt" | "publishedAt"> & {
  /** When it was published, or for the poster's own pending comment, written. */
  time: ShownTime;
};

/** A comment with its time formatted against `now` in the site's time zone. */
export function showComment(
  { createdAt, publishedAt, ...comment }: ThreadComment,
  now: Date,
  timeZone: string,
): ShownComment {
  return {
    ...comment,
    time: showTime(publishedAt ?? createdAt, now, timeZone),
  };
}

type ThreadContext = {
  postSlug: string;
  /** The page of the discussion shown: every link back to it keeps it. */
  page: number;
  canReply: boolean;
  canModerate: boolean;
  replyTo: number | null;
  reportOf: number | null;
  result: CommentActionResult | undefined;
  reportResult: ReportActionResult | undefined;
  anonymousHint: string;
  member: { displayName: string } | null;
};

const BADGES: Partial<Record<ShownComment["posterClass"], string>> = {
  verified: "Verified resident",
  staff: "Moderator",
};

/**
 * The whole discussion. Its Reply and Report links (marked data-in-page: they open a form on
 * this same page) are plain links, as hundreds of <Link>s cost a long thread's page much of its
 * hydration time; one click handler here makes them client-side navigations that keep the
 * reader's scroll position, as <Link> would. They are query-only ("?replyTo=…"), so the post's
 * address is not repeated twice in every comment of the page.
 */
export function CommentThread({
  nodes,
  context,
}: {
  nodes: ThreadNode<ShownComment>[];
  context: ThreadContext;
}) {
  const navigate = useNavigate();
  function followInPageLink(event: MouseEvent<HTMLOListElement>) {
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    )
      return;
    const link = (event.target as Element).closest("a[data-in-page]");
    const href = link?.getAttribute("href");
    if (!href) return;
    event.preventDefault();
    navigate(href, { preventScrollReset: true });
  }
  return (
    <ol className="thread" onClick={followInPageLink}>
      <CommentItems nodes={nodes} context={context} />
    </ol>
  );
}

function CommentItems({
  nodes,
  context,
}: {
  nodes: ThreadNode<ShownComment>[];
  context: ThreadContext;
}) {
  return nodes.map((node) => (
    // A boundary for each comment: React hydrates them one by one, between other work, instead
    // of the whole thread in one long task that would hold up a reader's first tap.
    <Suspense key={node.comment.id}>
      <CommentItem node={node} context={context} />
    </Suspense>
  ));
}

function CommentItem({
  node,
  context,
}: {
  node: ThreadNode<ShownComment>;
  context: ThreadContext;
}) {
  const { comment, replies, replyCount } = node;
  const anchor = commentAnchor(comment);
  const pending = comment.state === "pending";
  const badge = BADGES[comment.posterClass];
  const here = `/posts/${context.postSlug}${discussionQuery(context.page)}#${anchor}`;
  return (
    <li id={anchor} className={`comment${pending ? " pending" : ""}`}>
      <article
        aria-label={
          comment.placeholder
            ? "Removed comment"
            : `Comment by ${comment.authorName ?? "Anonymous"}`
        }
      >
        <header className="comment-meta">
          {comment.placeholder ? null : (
            <span className="comment-author">
              {comment.authorName ?? "Anonymous"}
              {badge ? <span className="badge">{badge}</span> : null}
            </span>
          )}
          {comment.number !== null ? (
            <a
              href={`#${anchor}`}
              className="permalink"
              aria-label={`Link to comment ${comment.number}`}
            >
              {`#${comment.number}`}
            </a>
          ) : null}
          <time dateTime={comment.time.iso} title={comment.time.exact}>
            {comment.time.relative}
            <span className="visually-hidden">{`, ${comment.time.exact}`}</span>
          </time>
        </header>
        {pending ? (
          <p className="pending-note">
            Awaiting moderation: only you can see this comment.
          </p>
        ) : null}
        {comment.placeholder ? (
          <p className="placeholder">{PLACEHOLDER_TEXT[comment.state]}</p>
        ) : (
          <div
            className="comment-body"
            dangerouslySetInnerHTML={{ __html: comment.bodyHtml }}
          />
        )}
        <div className="comment-actions">
          {context.canReply &&
          comment.state === "published" &&
          context.replyTo !== comment.id ? (
            <a
              href={`${discussionQuery(context.page, { replyTo: comment.id })}#reply-${comment.id}`}
              data-in-page=""
              aria-label={`Reply to ${comment.authorName ?? "Anonymous"}${comment.number !== null ? `, comment ${comment.number}` : ""}`}
            >
              Reply
            </a>
          ) : null}
          {comment.state === "published" && context.reportOf !== comment.id ? (
            <a
              href={`${discussionQuery(context.page, { report: comment.id })}#report-${comment.id}`}
              data-in-page=""
              rel="nofollow"
              aria-label={`Report comment ${comment.number ?? ""} to a moderator`}
            >
              Report
            </a>
          ) : null}
          {context.canModerate &&
          (comment.state === "published" || comment.state === "removed") ? (
            <ModerationButtons
              commentIds={[comment.id]}
              actions={comment.state === "published" ? ["remove"] : ["restore"]}
              redirectTo={here}
            />
          ) : null}
        </div>
        {context.reportOf === comment.id && comment.state === "published" ? (
          <ReportForm
            postSlug={context.postSlug}
            commentId={comment.id}
            result={context.reportResult}
            cancelHref={here}
            page={context.page}
          />
        ) : null}
        {context.canReply && context.replyTo === comment.id ? (
          <CommentForm
            postSlug={context.postSlug}
            parentId={comment.id}
            result={context.result}
            anonymousHint={context.anonymousHint}
            member={context.member}
            cancelHref={here}
            page={context.page}
          />
        ) : null}
      </article>
      {replies.length > 0 ? (
        <details open className="replies">
          <summary>
            {replyCount === 1 ? "1 reply" : `${replyCount} replies`}
          </summary>
          <ol className="thread">
            <CommentItems nodes={replies} context={context} />
          </ol>
        </details>
      ) : null}
    </li>
  );
}
