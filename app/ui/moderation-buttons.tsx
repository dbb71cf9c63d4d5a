import { useFetcher } from "@remix-run/react";
import { useId } from "react";
import type { ModerationAction } from "~/domain/comment-states";
import {
  DECISION_REASON_LIMIT,
  DECISION_REASONS,
} from "~/domain/commenter-notices";
import { Field } from "~/ui/field";

export const MODERATION_ACTION_PATH = "/moderation/comments";

export const ACTION_LABELS: Record<ModerationAction, string> = {
  approve: "Approve",
  reject: "Reject",
  spam: "Spam",
  remove: "Remove",
  restore: "Restore",
};

/**
 * One-click decisions on comments. With JavaScript they post through a fetcher and the page
 * updates in place; without it the form posts and the server sends the browser back.
 */
export function ModerationButtons({
  commentIds,
  actions,
  redirectTo,
  labelSuffix = "",
}: {
  commentIds: number[];
  actions: ModerationAction[];
  redirectTo: string;
  labelSuffix?: string;
}) {
  const fetcher = useFetcher();
  const id = useId();
  // A rejection or removal may carry a reason for the poster, chosen from the list or typed.
  const withReason = actions.some(
    (action) => action === "reject" || action === "remove",
  );
  return (
    <fetcher.Form
      method="post"
      action={MODERATION_ACTION_PATH}
      className="moderation-buttons"
    >
      <input type="hidden" name="intent" value="moderate" />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {commentIds.map((commentId) => (
        <input
          key={commentId}
          type="hidden"
          name="commentId"
          value={commentId}
        />
      ))}
      {actions.map((action) => (
        <button
          key={action}
          type="submit"
          name="action"
          value={action}
          className={
            action === "approve" || action === "restore"
              ? undefined
              : "secondary"
          }
          disabled={fetcher.state !== "idle"}
          data-action={action}
        >
          {ACTION_LABELS[action]}
          {labelSuffix ? (
            <span className="visually-hidden"> {labelSuffix}</span>
          ) : null}
        </button>
      ))}
      {withReason ? (
        <details className="decision-reason">
          <summary>
            Reason for the poster
            {labelSuffix ? (
              <span className="visually-hidden"> ({labelSuffix})</span>
            ) : null}
          </summary>
          <Field
            id={`${id}-reason`}
            label="Reason (optional)"
            hint="Sent with a rejection or removal to a poster who asked to be told, and kept in the log. Choose one or type your own."
            control={(props) => (
              <input
                {...props}
                name="note"
                list={`${id}-reasons`}
                maxLength={DECISION_REASON_LIMIT}
              />
            )}
          />
          <datalist id={`${id}-reasons`}>
            {DECISION_REASONS.map((reason) => (
              <option key={reason} value={reason} />
            ))}
          </datalist>
        </details>
      ) : null}
    </fetcher.Form>
  );
}
