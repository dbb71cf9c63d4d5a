import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formatLongDate } from "~/domain/dates";
import { pageMeta } from "~/domain/meta";
import { requireDesk } from "~/features/accounts/desk.server";
import {
  DESK_LIST_LIMIT,
  listDeskPosts,
  type DeskPost,
} from "~/features/writing/desk-list.server";
import { serverNow } from "~/platform/clock.server";

const searchSchema = z.object({ q: z.string().max(200).catch("") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request, "writePosts");
  const { q } = searchSchema.parse({
    q: new URL(request.url).searchParams.get("q") ?? "",
  });
  return { q, posts: listDeskPosts(q, serverNow()), limit: DESK_LIST_LIMIT };
}

const STATE_LABELS: Record<DeskPost["state"], string> = {
  published: "Published",
  scheduled: "Scheduled",
  draft: "Draft",
};

export default function WritingList() {
  const { q, posts, limit } = useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="write-list-title">
      <h2 id="write-list-title">Posts</h2>
      <p>
        <Link to="/write/new" className="button">
          Write a new post
        </Link>
      </p>
      <Form method="get" role="search" aria-label="Posts by title">
        <label htmlFor="write-search">Search by title</label>{" "}
        <input id="write-search" type="search" name="q" defaultValue={q} />{" "}
        <button type="submit" className="secondary">
          Search
        </button>
      </Form>
      {posts.length === 0 ? (
        <p>
          {q ? `No post's title contains “${q}”.` : "There are no posts yet."}
        </p>
      ) : (
        <table className="desk-table write-list">
          <caption className="visually-hidden">
            Published, scheduled and draft posts, newest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">State</th>
              <th scope="col">Date</th>
              <th scope="col">Author</th>
            </tr>
          </thead>
          <tbody>
            {posts.map((post) => (
              <tr key={post.slug}>
                <td>
                  <Link to={`/write/${post.slug}`}>{post.title}</Link>
                </td>
                <td>
                  <span className={`post-state ${post.state}`}>
                    {STATE_LABELS[post.state]}
                  </span>
                </td>
                <td>
                  {formatLongDate(post.date)}
                  {post.time ? `, ${post.time} UTC` : ""}
                </td>
                <td>{post.author}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {posts.length === limit ? (
        <p className="hint">
          The {limit} newest are shown: search by title to find an older one.
        </p>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Writing: posts" });
