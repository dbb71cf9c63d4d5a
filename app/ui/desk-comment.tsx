import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import type { DeskComment } from "~/features/moderation/moderation.server";
import { EarlierVersions } from "~/ui/earlier-versions";

const CLASS_LABELS: Record<DeskComment["posterClass"], string> = {
  anonymous: "Anonymous",
  named: "Named guest",
  member: "Member",
  verified: "Verified resident",
  staff: "Staff",
};

/** A comment as a moderator sees it: where it was posted, what it answers, why it is here. */
export function DeskCommentCard({
  comment,
  children,
  select,
  onlyThisPostHref,
  earlierVersions = [],
}: {
  comment: DeskComment;
  /** Its text before each of its author's edits, oldest first. */
  earlierVersions?: { bodyHtml: string; replacedAt: Date }[];
  children?: ReactNode;
  select?: ReactNode;
  /** Where "only this post" leads, on a list that can be narrowed to one post (the queue). */
  onlyThisPostHref?: string;
}) {
  const headingId = `desk-comment-${comment.id}`;
  return (
    <article
      className="desk-comment"
      aria-labelledby={headingId}
      data-comment-id={comment.id}
    >
      <header>
        {select}
        <h3 id={headingId}>
          {comment.authorName ?? "Anonymous"}{" "}
          <span className="badge">{CLASS_LABELS[comment.posterClass]}</span>
        </h3>
        <p className="meta">
          on{" "}
          <Link to={`/posts/${comment.post.slug}#comments`}>
            {comment.post.title}
          </Link>{" "}
          {onlyThisPostHref ? (
            <>
              (
              <Link to={onlyThisPostHref} className="only-this-post">
                only this post
                <span className="visually-hidden">
                  : show only comments on {comment.post.title}
                </span>
              </Link>
              ){" "}
            </>
          ) : null}
          ·{" "}
          <time dateTime={comment.createdAt.toISOString()}>
            {comment.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC
          </time>
          {comment.openReports > 0
            ? ` · ${comment.openReports} open report${comment.openReports === 1 ? "" : "s"}`
            : null}
        </p>
      </header>
      {comment.parent ? (
        <blockquote className="in-reply-to">
          <p className="meta">
            In reply to {comment.parent.authorName ?? "Anonymous"}
            {comment.parent.number !== null
              ? ` (#${comment.parent.number})`
              : ""}
            :
          </p>
          <div
            className="comment-body"
            dangerouslySetInnerHTML={{ __html: comment.parent.bodyHtml }}
          />
        </blockquote>
      ) : null}
      <div
        className="comment-body"
        dangerouslySetInnerHTML={{ __html: comment.bodyHtml }}
      />
      {earlierVersions.length > 0 ? (
        <EarlierVersions versions={earlierVersions} />
      ) : null}
      {comment.reasons.length > 0 ? (
        <p className="held-reasons">
          <strong>Held because:</strong>{" "}
          {comment.reasons
            .map(
              (reason) =>
                reason.message + (reason.detail ? ` (${reason.detail})` : ""),
            )
            .join("; ")}
        </p>
      ) : null}
      {children}
    </article>
  );
}
