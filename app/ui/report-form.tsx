import { useFetcher } from "@remix-run/react";
import { useId } from "react";
import {
  REPORT_NOTE_MAX,
  REPORT_REASON_LABELS,
  REPORT_REASONS,
} from "~/domain/report-reasons";
import { discussionQuery } from "~/domain/thread";
import type { ReportActionResult } from "~/features/discussion/discussion.server";

/** Lets any reader report a comment to the moderators, with a reason from a fixed list. */
export function ReportForm({
  postSlug,
  commentId,
  result,
  cancelHref,
  page,
}: {
  postSlug: string;
  commentId: number;
  result: ReportActionResult | undefined;
  cancelHref: string;
  /** The page of the discussion the comment is on, which the page drawn after posting keeps. */
  page: number;
}) {
  const formId = `report-${commentId}`;
  const fetcher = useFetcher<ReportActionResult>({ key: formId });
  const current =
    fetcher.data ?? (result?.formId === formId ? result : undefined);
  const id = useId();
  if (current?.status === "reported") {
    return (
      <p className="form-message published" role="status">
        {current.message}
      </p>
    );
  }
  const errors = current?.errors ?? {};
  return (
    <fetcher.Form
      method="post"
      action={`/posts/${postSlug}${discussionQuery(page, { report: commentId })}`}
      className="report-form"
      id={formId}
    >
      <input type="hidden" name="intent" value="report" />
      <input type="hidden" name="commentId" value={commentId} />
      {current ? (
        <p className="form-message invalid" role="alert">
          {current.message}
        </p>
      ) : null}
      <fieldset
        aria-describedby={errors.reason ? `${id}-reason-error` : undefined}
      >
        <legend>Why should a moderator look at this comment?</legend>
        {REPORT_REASONS.map((reason) => (
          <label key={reason} className="choice">
            <input
              type="radio"
              name="reason"
              value={reason}
              defaultChecked={current?.values.reason === reason}
              required
            />{" "}
            {REPORT_REASON_LABELS[reason]}
          </label>
        ))}
        {errors.reason ? (
          <p className="field-error" id={`${id}-reason-error`}>
            {errors.reason}
          </p>
        ) : null}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-note`}>
          Anything a moderator should know (optional)
        </label>
        <textarea
          id={`${id}-note`}
          name="note"
          rows={2}
          maxLength={REPORT_NOTE_MAX}
          defaultValue={current?.values.note}
          aria-invalid={errors.note ? true : undefined}
          aria-describedby={errors.note ? `${id}-note-error` : undefined}
        />
        {errors.note ? (
          <p className="field-error" id={`${id}-note-error`}>
            {errors.note}
          </p>
        ) : null}
      </div>
      <div className="actions">
        <button type="submit" disabled={fetcher.state !== "idle"}>
          Send report
        </button>
        <a href={cancelHref}>Cancel</a>
      </div>
    </fetcher.Form>
  );
}
