import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TagList } from "~/components/tag-list";
import { formatLongDate } from "~/domain/dates";
import { getPublishedPost } from "~/models/post.server";
import { notFound } from "~/utils/http.server";
import { pageMeta } from "~/utils/meta";

export function loader({ params }: LoaderFunctionArgs) {
  const post = getPublishedPost(params.slug ?? "");
  if (!post)
    throw notFound(
      "There is no post at this address. It may have been taken down.",
    );
  return { post };
}

export default function PostPage() {
  const { post } = useLoaderData<typeof loader>();
  return (
    <>
      <article className="post" aria-labelledby="post-title">
        <header>
          <h1 id="post-title">{post.title}</h1>
          <p className="meta">
            <time dateTime={post.date}>{formatLongDate(post.date)}</time> · by{" "}
            {post.author}
            {post.area && post.areaSlug ? (
              <>
                {" "}
                · <Link to={`/areas/${post.areaSlug}`}>{post.area}</Link>
              </>
            ) : null}
          </p>
          <TagList tags={post.tags} />
        </header>
        {/* Rendered from Markdown and sanitized when the content was synced. */}
        <div
          className="prose"
          dangerouslySetInnerHTML={{ __html: post.bodyHtml }}
        />
      </article>
      <nav className="post-neighbours" aria-label="More posts">
        {post.previous ? (
          <Link to={`/posts/${post.previous.slug}`} rel="prev">
            <span>← Older</span> {post.previous.title}
          </Link>
        ) : (
          <span />
        )}
        {post.next ? (
          <Link to={`/posts/${post.next.slug}`} rel="next">
            <span>Newer →</span> {post.next.title}
          </Link>
        ) : (
          <span />
        )}
      </nav>
      <section
        id="comments"
        className="comments"
        aria-labelledby="comments-title"
      >
        <h2 id="comments-title">Comments ({post.commentCount})</h2>
        {post.commentsMode === "closed" ? (
          <p>Comments are closed on this post.</p>
        ) : null}
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(
    matches,
    data
      ? { title: data.post.title, description: data.post.summary }
      : { title: "Not found" },
  );
