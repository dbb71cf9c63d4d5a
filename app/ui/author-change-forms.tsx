import { Form, useNavigation } from "@remix-run/react";
import { useId, useRef } from "react";
import { BODY_HARD_LIMIT } from "~/domain/comment-fields";
import { discussionQuery } from "~/domain/thread";
import { CharacterCounter } from "./character-counter";
import type { AuthorChangeActionResult } from "~/features/discussion/author-change-form.server";

type Props = {
  postSlug: string;
  commentId: number;
  /** The page of the discussion the comment is on, which the page drawn after the change keeps. */
  page: number;
  /** The discussion's order (`?sort=newest`), which the page drawn after the change keeps. */
  orderParams: Record<string, string>;
  cancelHref: string;
  /** The answer to this comment's last change, when it was refused. */
  result: AuthorChangeActionResult | undefined;
};

/**
 * Both forms post to the discussion's page without ?edit= or ?delete=, with JavaScript or
 * without, so the page drawn after the change shows the comment as it now is, form closed.
 */
const actionOf = (
  postSlug: string,
  page: number,
  orderParams: Record<string, string>,
) => `/posts/${postSlug}${discussionQuery(page, orderParams)}`;

/** The author's form to change their comment's text, within the edit window. */
export function EditCommentForm({
  postSlug,
  commentId,
  page,
  orderParams,
  cancelHref,
  result,
  body,
  maxLength,
}: Props & { body: string; maxLength: number }) {
  const id = useId();
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const busy = useNavigation().state !== "idle";
  const error = result?.errors.body;
  const message = result && !error ? result.message : null;
  return (
    <Form
      method="post"
      action={actionOf(postSlug, page, orderParams)}
      preventScrollReset
      className="author-change-form"
      id={`edit-${commentId}`}
    >
      <input type="hidden" name="intent" value="edit" />
      <input type="hidden" name="commentId" value={commentId} />
      {message ? (
        <p className="form-message invalid" role="alert">
          {message}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-body`}>Your comment</label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={6}
          required
          maxLength={Math.min(maxLength, BODY_HARD_LIMIT)}
          ref={bodyRef}
          defaultValue={result?.values.body ?? body}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${id}-hint${error ? ` ${id}-error` : ""}`}
        />
        <p className="hint" id={`${id}-hint`}>
          Saved edits say &ldquo;edited&rdquo;; moderators can see the earlier
          text. An edit is checked like a new comment.
        </p>
        <CharacterCounter
          fieldRef={bodyRef}
          limit={maxLength}
          id={`${id}-count`}
        />
        {error ? (
          <p className="field-error" id={`${id}-error`}>
            {error}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Save changes
        </button>
        <a href={cancelHref}>Cancel</a>
      </div>
    </Form>
  );
}

/** Asks the author to confirm deleting their comment: a link alone never deletes anything. */
export function DeleteCommentForm({
  postSlug,
  commentId,
  page,
  orderParams,
  cancelHref,
  result,
}: Props) {
  const busy = useNavigation().state !== "idle";
  return (
    <Form
      method="post"
      action={actionOf(postSlug, page, orderParams)}
      preventScrollReset
      className="author-change-form"
      id={`delete-${commentId}`}
    >
      <input type="hidden" name="intent" value="delete" />
      <input type="hidden" name="commentId" value={commentId} />
      {result ? (
        <p className="form-message invalid" role="alert">
          {result.message}
        </p>
      ) : null}
      <p>
        Delete this comment? Its text goes for good. If it has replies, a note
        that you deleted it keeps their place.
      </p>
      <div className="actions">
        <button type="submit" disabled={busy}>
          Delete my comment
        </button>
        <a href={cancelHref}>Keep it</a>
      </div>
    </Form>
  );
}
