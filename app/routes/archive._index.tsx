import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { formatMonth } from "~/domain/dates";
import { listArchiveMonths, listTopics } from "~/features/posts/post.server";
import { pageMeta } from "~/domain/meta";

export function loader() {
  return { months: listArchiveMonths(), ...listTopics() };
}

export default function Archive() {
  const { months, tags, areas } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Archive</h1>
      <div className="archive">
        <section aria-labelledby="by-month">
          <h2 id="by-month">By month</h2>
          <ul>
            {months.map(({ month, count }) => (
              <li key={month}>
                <Link to={`/archive/${month.replace("-", "/")}`}>
                  {formatMonth(month)}
                </Link>{" "}
                ({count})
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="by-area">
          <h2 id="by-area">By area</h2>
          <ul>
            {areas.map(({ area, areaSlug, count }) => (
              <li key={areaSlug}>
                <Link to={`/areas/${areaSlug}`}>{area}</Link> ({count})
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="by-tag">
          <h2 id="by-tag">By tag</h2>
          <ul>
            {tags.map(({ tag, tagSlug, count }) => (
              <li key={tagSlug}>
                <Link to={`/tags/${tagSlug}`}>{tag}</Link> ({count})
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches }) =>
  pageMeta(matches, { title: "Archive", path: "/archive" });
