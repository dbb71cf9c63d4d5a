import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { pageMeta } from "~/domain/meta";
import type { EmailDecisionOutcome } from "~/domain/moderator-alerts";
import { linkPageHeaders } from "~/features/accounts/link-page.server";
import {
  decideByEmail,
  inspectDecisionLink,
  type DecisionLink,
} from "~/features/notify/moderator-decisions.server";
import { db } from "~/platform/db.server";

// The address holds a token: never kept by the page cache or any other.
export const headers = linkPageHeaders;

const paramsSchema = z.object({ token: z.string().max(100) });

const VERBS = { approve: "Approve", reject: "Reject", spam: "Mark as spam" };
const DONE = {
  approve: "Approved: the comment is published.",
  reject: "Rejected: the comment stays hidden.",
  spam: "Marked as spam: the comment stays hidden.",
};

function statusOf(outcome: EmailDecisionOutcome): number {
  switch (outcome.kind) {
    case "act":
      return 200;
    case "already-decided":
      return 409;
    case "not-a-moderator":
    case "outranked":
      return 403;
    default:
      return 410;
  }
}

/** Why a link does nothing, in the site's words. */
function refusal(outcome: EmailDecisionOutcome): string | null {
  switch (outcome.kind) {
    case "act":
      return null;
    case "already-decided":
      return `Another moderator has already decided on this comment (it is ${outcome.state} now). Nothing was changed.`;
    case "link-used":
      return "This link has already been used. Nothing was changed.";
    case "link-expired":
      return "This link has expired: links in alerts work for 72 hours. Nothing was changed.";
    case "link-invalid":
      return "This link does not work: it may have been cut short when it was copied. Nothing was changed.";
    case "not-a-moderator":
      return "This link was sent to a moderator, and its account no longer moderates. Nothing was changed.";
    case "outranked":
      return "This comment's author is a moderator or an admin: decide on it on the desk. Nothing was changed.";
  }
}

function view(link: DecisionLink) {
  return {
    decision: link.decision,
    refusal: refusal(link.outcome),
    // Only to a moderator who may still act on it: not after they lost the role.
    comment:
      link.comment &&
      (link.outcome.kind === "act" || link.outcome.kind === "already-decided")
        ? { bodyHtml: link.comment.bodyHtml, postTitle: link.comment.postTitle }
        : null,
  };
}

// Following the link only shows the comment and a button: mail scanners and link previews
// follow links, and change nothing.
export function loader({ params }: LoaderFunctionArgs) {
  const parsed = paramsSchema.safeParse(params);
  const link = inspectDecisionLink(
    db(),
    parsed.success ? parsed.data.token : "",
    new Date(),
  );
  return data(
    { ...view(link), done: null as string | null },
    { status: statusOf(link.outcome) },
  );
}

export function action({ params }: ActionFunctionArgs) {
  const parsed = paramsSchema.safeParse(params);
  const link = decideByEmail(
    parsed.success ? parsed.data.token : "",
    new Date(),
  );
  const acted = link.outcome.kind === "act" && link.decision !== null;
  return data(
    {
      ...view(link),
      refusal: acted ? null : refusal(link.outcome),
      done: acted && link.decision ? DONE[link.decision] : null,
    },
    { status: statusOf(link.outcome) },
  );
}

export default function DecideByEmail() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const page = acted ?? loaded;
  return (
    <section className="narrow" aria-labelledby="decide-title">
      <h1 id="decide-title">
        {page.decision
          ? `${VERBS[page.decision]} this comment?`
          : "A moderator's link"}
      </h1>
      {page.comment ? (
        <>
          <p>On “{page.comment.postTitle}”:</p>
          <div
            className="comment-body"
            dangerouslySetInnerHTML={{ __html: page.comment.bodyHtml }}
          />
        </>
      ) : null}
      {page.done ? (
        <p className="form-message" role="status">
          {page.done}
        </p>
      ) : page.refusal ? (
        <>
          <p className="form-message invalid" role="alert">
            {page.refusal}
          </p>
          <p>
            <Link to="/moderation">Open the desk</Link>
          </p>
        </>
      ) : page.decision ? (
        <Form method="post">
          <p>Nothing changes until you press the button.</p>
          <button type="submit">{VERBS[page.decision]}</button>
        </Form>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Decide on a comment", path: "/moderation" });
