import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { DeskCommentCard } from "~/ui/desk-comment";
import { SelectAllOnPage } from "~/ui/select-all";
import {
  queueActions,
  queueFilterFrom,
  queueFilterParams,
  queueHref,
} from "~/domain/queue-filter";
import { earlierVersionsOf } from "~/features/moderation/earlier-versions.server";
import {
  ACTION_LABELS,
  MODERATION_ACTION_PATH,
  ModerationButtons,
} from "~/ui/moderation-buttons";
import { dateOrderLabels, Pagination } from "~/ui/pagination";
import {
  findQueuePost,
  listQueue,
} from "~/features/moderation/moderation.server";
import { pageCountOrNotFound, parsePage } from "~/platform/http.server";
import { requireDesk } from "~/features/accounts/desk.server";
import { getPolicySettings } from "~/features/moderation/policy.server";
import { brakedPosts } from "~/features/safety/pile-on.server";

const PER_PAGE = 50;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request);
  const filter = queueFilterFrom(new URL(request.url).searchParams);
  const page = parsePage(request);
  const { items, total } = listQueue(filter, { page, perPage: PER_PAGE });
  const pageCount = pageCountOrNotFound(
    total,
    PER_PAGE,
    page,
    "There is no such page of the queue.",
  );
  const post = filter.postId === null ? null : findQueuePost(filter.postId);
  const earlierVersions = earlierVersionsOf(items.map((item) => item.id));
  const braked = brakedPosts(getPolicySettings(), new Date());
  return {
    filter,
    items,
    total,
    page,
    pageCount,
    post,
    earlierVersions,
    braked,
  };
}

const STATE_TITLES = {
  pending: "Held for review",
  removed: "Removed comments",
  rejected: "Rejected comments",
  spam: "Spam",
} as const;

export default function Queue() {
  const {
    filter,
    items,
    total,
    page,
    pageCount,
    post,
    earlierVersions,
    braked,
  } = useLoaderData<typeof loader>();
  const location = useLocation();
  const here = location.pathname + location.search;
  const pending = filter.state === "pending";
  const narrowed = filter.postId !== null;
  const onThisPost = narrowed ? " on this post" : "";
  const itemActions = queueActions(filter);
  return (
    <section aria-labelledby="queue-title">
      <h2 id="queue-title">{`${STATE_TITLES[filter.state]} (${total})`}</h2>
      {braked.length > 0 ? (
        <div role="alert" className="pile-on-alert">
          <p>
            The pile-on brake is on: guests&apos; new comments on these posts
            wait here for a while after a sudden rush of comments or reports.
          </p>
          <ul>
            {braked.map((braked) => (
              <li key={braked.id}>
                <Link to={`?post=${braked.id}`}>{braked.title}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Form method="get" className="filters" aria-label="Filter the queue">
        <label>
          Show{" "}
          <select name="state" defaultValue={filter.state}>
            <option value="pending">held comments</option>
            <option value="removed">removed comments</option>
            <option value="rejected">rejected comments</option>
            <option value="spam">spam</option>
          </select>
        </label>
        <label>
          from{" "}
          <select name="class" defaultValue={filter.posterClass ?? ""}>
            <option value="">anyone</option>
            <option value="anonymous">anonymous posters</option>
            <option value="named">named guests</option>
            <option value="member">members</option>
          </select>
        </label>
        {filter.postId !== null ? (
          <input type="hidden" name="post" value={filter.postId} />
        ) : null}
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      {narrowed ? (
        <p className="queue-scope">
          {post ? (
            <>
              Showing comments on{" "}
              <Link to={`/posts/${post.slug}#comments`}>{post.title}</Link>
            </>
          ) : (
            `Showing comments on post ${filter.postId}, which does not exist`
          )}{" "}
          ·{" "}
          <Link to={queueHref(location.pathname, { ...filter, postId: null })}>
            Show all posts
          </Link>
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>
          {pending
            ? `Nothing${onThisPost} is waiting for a moderator.`
            : `No ${STATE_TITLES[filter.state].toLowerCase()}${onThisPost}.`}
        </p>
      ) : (
        <>
          <Form
            method="post"
            action={MODERATION_ACTION_PATH}
            id="bulk"
            className="bulk-actions"
          >
            <input type="hidden" name="intent" value="moderate" />
            <input type="hidden" name="redirectTo" value={here} />
            <SelectAllOnPage
              formId="bulk"
              itemIds={items.map((item) => item.id)}
            />
            <span>With the selected comments:</span>
            {itemActions.map((action) => (
              <button
                key={action}
                type="submit"
                name="action"
                value={action}
                className="secondary"
              >
                {ACTION_LABELS[action]}
              </button>
            ))}
            {pending ? (
              // A GET to the bans page, which asks what to ban and why before anything happens.
              <button
                type="submit"
                formMethod="get"
                formAction="/moderation/bans"
                className="secondary"
              >
                Ban the posters…
              </button>
            ) : null}
          </Form>
          <Form
            method="post"
            action={MODERATION_ACTION_PATH}
            className="bulk-actions"
            aria-label="Every comment on this page"
          >
            <input type="hidden" name="intent" value="moderate" />
            <input type="hidden" name="redirectTo" value={here} />
            {items.map((comment) => (
              <input
                key={comment.id}
                type="hidden"
                name="commentId"
                value={comment.id}
              />
            ))}
            <span>
              {items.length === 1
                ? "The comment on this page:"
                : `All ${items.length} comments on this page:`}
            </span>
            {itemActions.map((action) => (
              <button
                key={action}
                type="submit"
                name="action"
                value={action}
                className="secondary"
              >
                {ACTION_LABELS[action]}{" "}
                {items.length === 1 ? "it" : `all ${items.length}`}
              </button>
            ))}
          </Form>
          <Form
            method="get"
            action="/moderation/bulk"
            className="bulk-actions"
            aria-label="Every comment matching this filter"
          >
            {[...queueFilterParams(filter)].map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <span>
              {total === 1
                ? "The comment matching this filter:"
                : `All ${total} comments matching this filter:`}
            </span>
            {itemActions.map((action) => (
              // A GET: the next page shows the count and asks before anything happens.
              <button
                key={action}
                type="submit"
                name="action"
                value={action}
                className="secondary"
              >
                {ACTION_LABELS[action]} {total === 1 ? "it" : `all ${total}`}…
              </button>
            ))}
          </Form>
          <ol className="desk-list">
            {items.map((comment) => (
              <li key={comment.id}>
                <DeskCommentCard
                  comment={comment}
                  earlierVersions={earlierVersions[comment.id]}
                  onlyThisPostHref={
                    narrowed
                      ? undefined
                      : queueHref(location.pathname, {
                          ...filter,
                          postId: comment.post.id,
                        })
                  }
                  select={
                    <label className="select-item">
                      <input
                        type="checkbox"
                        name="commentId"
                        value={comment.id}
                        form="bulk"
                      />
                      <span className="visually-hidden">
                        Select comment by {comment.authorName ?? "Anonymous"}
                      </span>
                    </label>
                  }
                >
                  <div className="desk-actions">
                    <ModerationButtons
                      commentIds={[comment.id]}
                      actions={[...itemActions]}
                      redirectTo={here}
                      labelSuffix={`comment by ${comment.authorName ?? "Anonymous"}`}
                    />
                    <Link to={`/moderation/bans?comment=${comment.id}`}>
                      Ban the poster…
                    </Link>
                  </div>
                </DeskCommentCard>
              </li>
            ))}
          </ol>
          <Pagination
            basePath={location.pathname}
            search={location.search}
            page={page}
            pageCount={pageCount}
            // The same order as listQueue: held comments oldest first, removed ones newest first.
            labels={dateOrderLabels(
              "comments",
              pending ? "oldest first" : "newest first",
            )}
          />
        </>
      )}
    </section>
  );
}
