import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import {
  MODERATION_ACTION_NAMES,
  type ModerationAction,
} from "~/domain/comment-states";
import {
  actionFitsFilter,
  describeQueueFilter,
  MATCHING_LIMIT,
  queueFilterFrom,
  queueHref,
} from "~/domain/queue-filter";
import { requireDesk } from "~/features/accounts/desk.server";
import {
  findQueuePost,
  matchingQueueIds,
} from "~/features/moderation/moderation.server";
import { withNotice } from "~/platform/http.server";
import { ACTION_LABELS, MODERATION_ACTION_PATH } from "~/ui/moderation-buttons";

const actionSchema = z.enum(
  MODERATION_ACTION_NAMES as [ModerationAction, ...ModerationAction[]],
);

/**
 * "Act on everything matching this filter", step one: how many comments match, and a button
 * that acts on exactly those (their ids travel in the form, so a comment that arrives after
 * this page was drawn is not swept in). Nothing changes until that POST.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request);
  const search = new URL(request.url).searchParams;
  const filter = queueFilterFrom(search);
  const back = queueHref("/moderation", filter);
  const action = actionSchema.safeParse(search.get("action"));
  if (!action.success || !actionFitsFilter(action.data, filter)) {
    throw redirect(
      withNotice(
        back,
        "Choose what to do with the comments: nothing was changed.",
      ),
    );
  }
  const { ids, total } = matchingQueueIds(filter, MATCHING_LIMIT);
  const post = filter.postId === null ? null : findQueuePost(filter.postId);
  return {
    action: action.data,
    ids,
    total,
    back,
    description: describeQueueFilter(filter, ids.length, post?.title ?? null),
  };
}

const QUESTIONS: Record<ModerationAction, (what: string) => string> = {
  approve: (what) => `Approve ${what}?`,
  reject: (what) => `Reject ${what}?`,
  spam: (what) => `Mark ${what} as spam?`,
  remove: (what) => `Remove ${what}?`,
  restore: (what) => `Restore ${what}?`,
};

export default function ActOnMatching() {
  const { action, ids, total, back, description } =
    useLoaderData<typeof loader>();
  if (ids.length === 0) {
    return (
      <section aria-labelledby="bulk-title">
        <h2 id="bulk-title">Nothing matches this filter now</h2>
        <p>
          Another moderator may have dealt with these comments.{" "}
          <Link to={back}>Back to the queue</Link>
        </p>
      </section>
    );
  }
  const what = ids.length === 1 ? description : `all ${description}`;
  return (
    <section aria-labelledby="bulk-title">
      <h2 id="bulk-title">{QUESTIONS[action](what)}</h2>
      {total > ids.length ? (
        <p className="form-message held">
          {`${total} comments match, and at most ${MATCHING_LIMIT} are acted on at once: these are the first ${ids.length} in the queue's order. Do this again for the rest.`}
        </p>
      ) : null}
      <p>
        Only the comments counted here are acted on: any that arrive after this
        page was shown stay in the queue for you to see.
      </p>
      <Form
        method="post"
        action={MODERATION_ACTION_PATH}
        className="bulk-actions"
      >
        <input type="hidden" name="intent" value="moderate" />
        <input type="hidden" name="action" value={action} />
        <input type="hidden" name="redirectTo" value={back} />
        {ids.map((id) => (
          <input key={id} type="hidden" name="commentId" value={id} />
        ))}
        <button type="submit">
          {ACTION_LABELS[action]}{" "}
          {ids.length === 1 ? "it" : `all ${ids.length}`}
        </button>
        <Link to={back}>Cancel</Link>
      </Form>
    </section>
  );
}
