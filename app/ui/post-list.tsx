import { Link } from "@remix-run/react";
import { formatLongDate, groupByDate } from "~/domain/dates";
import type { PostSummary } from "~/features/posts/post.server";
import { TagList } from "./tag-list";

function commentLabel(count: number): string {
  return count === 1 ? "1 comment" : `${count} comments`;
}

/** Posts grouped under their date, newest first, as on the home page. */
export function PostList({ posts }: { posts: PostSummary[] }) {
  return (
    <div className="post-list">
      {groupByDate(posts).map((group) => (
        <section
          key={group.date}
          className="date-group"
          aria-labelledby={`date-${group.date}`}
        >
          <h2 className="date-heading" id={`date-${group.date}`}>
            <time dateTime={group.date}>{formatLongDate(group.date)}</time>
          </h2>
          {group.items.map((post) => (
            <article key={post.id} className="post-card">
              <h3>
                <Link to={`/posts/${post.slug}`}>{post.title}</Link>
              </h3>
              <p className="summary">{post.summary}</p>
              <p className="meta">
                {post.area && post.areaSlug ? (
                  <>
                    <Link to={`/areas/${post.areaSlug}`}>{post.area}</Link>{" "}
                    ·{" "}
                  </>
                ) : null}
                <Link to={`/posts/${post.slug}#comments`}>
                  {commentLabel(post.commentCount)}
                </Link>
              </p>
              <TagList tags={post.tags} />
            </article>
          ))}
        </section>
      ))}
    </div>
  );
}
