import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData, useFetcher } from "@remix-run/react";
import { DeskCommentCard } from "~/ui/desk-comment";
import {
  MODERATION_ACTION_PATH,
  ModerationButtons,
} from "~/ui/moderation-buttons";
import {
  REPORT_REASON_LABELS,
  type ReportReason,
} from "~/domain/report-reasons";
import { listReportedComments } from "~/features/moderation/moderation.server";
import { getPolicySettings } from "~/features/moderation/policy.server";
import { requireDesk } from "~/features/accounts/desk.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request);
  return {
    comments: listReportedComments(),
    threshold: getPolicySettings().reportThreshold,
  };
}

export default function Reports() {
  const { comments, threshold } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">Reported by readers ({comments.length})</h2>
      {comments.length === 0 ? <p>No open reports.</p> : null}
      <ol className="desk-list">
        {comments.map((comment) => (
          <li key={comment.id}>
            <DeskCommentCard comment={comment}>
              <ul className="report-reasons" aria-label="Reports">
                {comment.reports.map((report, index) => (
                  <li key={index}>
                    {REPORT_REASON_LABELS[report.reason as ReportReason] ??
                      report.reason}
                    {report.note ? `: “${report.note}”` : ""}
                  </li>
                ))}
              </ul>
              <p className="meta">
                {comment.state === "pending"
                  ? "Enough readers reported it that it went back to the queue."
                  : comment.state === "published" &&
                      comment.openReports >= threshold
                    ? "Enough readers reported it, and it stays published because its poster is trusted: it waits for your decision."
                    : `The comment is ${comment.state}.`}
              </p>
              <div className="desk-actions">
                <DismissButton commentId={comment.id} />
                <ModerationButtons
                  commentIds={[comment.id]}
                  actions={
                    comment.state === "pending"
                      ? ["approve", "reject", "spam"]
                      : comment.state === "published"
                        ? ["remove", "spam"]
                        : []
                  }
                  redirectTo="/moderation/reports"
                />
                <Link to={`/moderation/bans?comment=${comment.id}`}>
                  Ban the poster…
                </Link>
              </div>
            </DeskCommentCard>
          </li>
        ))}
      </ol>
    </section>
  );
}

function DismissButton({ commentId }: { commentId: number }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post" action={MODERATION_ACTION_PATH}>
      <input type="hidden" name="intent" value="dismiss-reports" />
      <input type="hidden" name="commentId" value={commentId} />
      <input type="hidden" name="redirectTo" value="/moderation/reports" />
      <button type="submit" className="secondary">
        Dismiss the reports
      </button>
    </fetcher.Form>
  );
}
