import { useFetcher } from "@remix-run/react";
import type { ModerationAction } from "~/domain/comment-states";

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
  return (
    <fetcher.Form
      method="post"
      action={MODERATION_ACTION_PATH}
      className="moderation-buttons"
    >
      <input type="hidden" name="intent" value="moderate" />
      <input type="hidden" name="redirectTo" value={redirectTo} />
      {commentIds.map((id) => (
        <input key={id} type="hidden" name="commentId" value={id} />
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
    </fetcher.Form>
  );
}
