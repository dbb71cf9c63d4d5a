import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { Pagination } from "~/ui/pagination";
import { TagList } from "~/ui/tag-list";
import { z } from "zod";
import { formatLongDate } from "~/domain/dates";
import {
  MAX_QUERY_LENGTH,
  describeResultCount,
  parseSearchQuery,
  SEARCH_COUNT_LIMIT,
  SEARCH_RESULTS_PER_PAGE,
} from "~/domain/search-query";
import { SLUG_PATTERN } from "~/domain/slug";
import { listTopics } from "~/features/posts/post.server";
import { searchSite, type SearchResult } from "~/features/search/search.server";
import { notFound, parsePage } from "~/platform/http.server";
import { pageMeta } from "~/domain/meta";

const filterSchema = z.object({
  q: z.string().catch(""),
  tag: z.string().regex(SLUG_PATTERN).nullable().catch(null),
  area: z.string().regex(SLUG_PATTERN).nullable().catch(null),
});

type Outcome =
  | { kind: "form" }
  | { kind: "nothing" }
  | {
      kind: "results";
      results: SearchResult[];
      total: number;
      page: number;
      pageCount: number;
    };

export function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const input = filterSchema.parse({
    q: (params.get("q") ?? "").slice(0, MAX_QUERY_LENGTH),
    tag: params.get("tag") || null,
    area: params.get("area") || null,
  });
  const topics = listTopics();
  // A tag or area no published post has is dropped, as the form cannot show it as chosen.
  const tag = topics.tags.some((topic) => topic.tagSlug === input.tag)
    ? input.tag
    : null;
  const area = topics.areas.some((topic) => topic.areaSlug === input.area)
    ? input.area
    : null;
  const page = parsePage(request);
  const query = parseSearchQuery(input.q);

  let outcome: Outcome;
  let indexBehind = false;
  if (query.kind === "blank") {
    outcome = { kind: "form" };
  } else if (query.kind === "no-words") {
    outcome = { kind: "nothing" };
  } else {
    const { results, total, ...found } = searchSite(
      query.match,
      { tagSlug: tag, areaSlug: area },
      { page },
    );
    const pageCount = Math.max(
      1,
      Math.ceil(Math.min(total, SEARCH_COUNT_LIMIT) / SEARCH_RESULTS_PER_PAGE),
    );
    indexBehind = found.indexBehind;
    if (total > 0 && page > pageCount)
      throw notFound("There is no such page of results.");
    outcome =
      total === 0
        ? { kind: "nothing" }
        : { kind: "results", results, total, page, pageCount };
  }
  return { q: input.q, tag, area, topics, outcome, indexBehind };
}

export default function Search() {
  const { q, tag, area, topics, outcome, indexBehind } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1 className="page-title">Search</h1>
      <Form
        // A new search (from the header box too) starts from what the address says.
        key={`${q}\n${tag}\n${area}`}
        method="get"
        action="/search"
        role="search"
        aria-label="Search posts and comments"
        className="search-form"
      >
        <div className="field">
          <label htmlFor="search-q">Search posts and comments</label>
          <input
            id="search-q"
            type="search"
            name="q"
            defaultValue={q}
            maxLength={MAX_QUERY_LENGTH}
          />
        </div>
        <div className="filters">
          <label>
            Tag{" "}
            <select name="tag" defaultValue={tag ?? ""}>
              <option value="">any tag</option>
              {topics.tags.map((topic) => (
                <option key={topic.tagSlug} value={topic.tagSlug}>
                  {topic.tag}
                </option>
              ))}
            </select>
          </label>
          <label>
            Area{" "}
            <select name="area" defaultValue={area ?? ""}>
              <option value="">any area</option>
              {topics.areas.map((topic) => (
                <option key={topic.areaSlug} value={topic.areaSlug}>
                  {topic.area}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Search</button>
        </div>
      </Form>
      {indexBehind ? (
        <p className="form-message held" role="status">
          Search may miss the newest posts and comments for now: the site’s
          storage is full.
        </p>
      ) : null}
      {outcome.kind === "nothing" ? (
        <div className="search-nothing" role="status">
          <p>Nothing found for “{q.trim()}”.</p>
          <NothingFoundHints q={q} tag={tag} area={area} tags={topics.tags} />
        </div>
      ) : null}
      {outcome.kind === "results" ? (
        <section aria-labelledby="search-results-title">
          <h2 id="search-results-title" className="lead">
            {describeResultCount(outcome.total)} for “{q.trim()}”
          </h2>
          <ol
            className="search-results"
            start={(outcome.page - 1) * SEARCH_RESULTS_PER_PAGE + 1}
          >
            {outcome.results.map((result) => (
              <SearchResultItem key={result.href} result={result} />
            ))}
          </ol>
          <Pagination
            basePath="/search"
            search={location.search}
            page={outcome.page}
            pageCount={outcome.pageCount}
            labels={{
              previous: "← Previous results",
              next: "More results →",
              nav: "Pages of results",
            }}
          />
        </section>
      ) : null}
    </>
  );
}

function SearchResultItem({ result }: { result: SearchResult }) {
  return (
    <li className="post-card search-result">
      <p className="result-kind">
        {result.kind === "post" ? "Post" : "Comment"}
      </p>
      <h3>
        {result.kind === "post" ? (
          <Link to={result.href}>
            {/* Escaped by the model; the only markup is <mark> around matches. */}
            <span dangerouslySetInnerHTML={{ __html: result.titleHtml }} />
          </Link>
        ) : (
          <Link to={result.href}>
            Comment {result.commentNumber} on “{result.title}”
          </Link>
        )}
      </h3>
      <p
        className="summary snippet"
        dangerouslySetInnerHTML={{ __html: result.snippetHtml }}
      />
      <p className="meta">
        <time dateTime={result.date}>{formatLongDate(result.date)}</time>
        {result.area && result.areaSlug ? (
          <>
            {" "}
            · <Link to={`/areas/${result.areaSlug}`}>{result.area}</Link>
          </>
        ) : null}
      </p>
    </li>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, {
    title: data?.q.trim() ? `Search: ${data.q.trim()}` : "Search",
  });

/** What to try after a search found nothing: fewer words, no filter, or a tag to browse. */
function NothingFoundHints({
  q,
  tag,
  area,
  tags,
}: {
  q: string;
  tag: string | null;
  area: string | null;
  tags: { tag: string; tagSlug: string }[];
}) {
  const query = parseSearchQuery(q);
  const words = query.kind === "terms" ? query.terms : [];
  const searchFor = (text: string, keepFilters: boolean) => {
    const params = new URLSearchParams({ q: text });
    if (keepFilters && tag) params.set("tag", tag);
    if (keepFilters && area) params.set("area", area);
    return `/search?${params}`;
  };
  return (
    <>
      {tag || area ? (
        <p>
          <Link to={searchFor(q, false)}>Search every tag and area</Link>{" "}
          instead.
        </p>
      ) : null}
      {words.length > 1 ? (
        <p>
          Every word must match: try one of them alone,{" "}
          {words.slice(0, 3).map((word, index) => (
            <span key={word}>
              {index > 0 ? ", " : null}
              <Link to={searchFor(word, true)}>{word}</Link>
            </span>
          ))}
          .
        </p>
      ) : (
        <p>Try a shorter or more general word.</p>
      )}
      {tags.length > 0 ? (
        <>
          <p>Or browse the posts by tag:</p>
          <TagList tags={tags} />
        </>
      ) : null}
    </>
  );
}
