import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { dateOrderLabels, Pagination } from "~/ui/pagination";
import { commentPath } from "~/domain/thread";
import { logActionLabel } from "~/domain/log-labels";
import {
  listLog,
  listLogActors,
} from "~/features/moderation/moderation.server";
import { pageCountOrNotFound, parsePage } from "~/platform/http.server";
import { requireDesk } from "~/features/accounts/desk.server";

const PER_PAGE = 50;
const ACTION_GROUPS = [
  "comment.",
  "ban.",
  "reports.",
  "member.",
  "settings.",
] as const;

const filterSchema = z.object({
  action: z.enum(ACTION_GROUPS).nullable().catch(null),
  actor: z.string().trim().min(1).max(100).nullable().catch(null),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request);
  const search = new URL(request.url).searchParams;
  const filter = filterSchema.parse({
    action: search.get("action") || null,
    actor: search.get("actor") || null,
  });
  const page = parsePage(request);
  const { rows, total } = listLog(filter, { page, perPage: PER_PAGE });
  const pageCount = pageCountOrNotFound(
    total,
    PER_PAGE,
    page,
    "There is no such page of the log.",
  );
  return { filter, rows, page, pageCount, total, actors: listLogActors() };
}

export default function Log() {
  const { filter, rows, page, pageCount, total, actors } =
    useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <section aria-labelledby="log-title">
      <h2 id="log-title">Moderation log ({total})</h2>
      <p className="hint">
        Every decision, by the policy or a person. Entries are never changed or
        removed.
      </p>
      <Form method="get" className="filters" aria-label="Filter the log">
        <label>
          Kind{" "}
          <select name="action" defaultValue={filter.action ?? ""}>
            <option value="">everything</option>
            <option value="comment.">comments</option>
            <option value="ban.">bans</option>
            <option value="reports.">reports</option>
            <option value="member.">members</option>
            <option value="settings.">settings</option>
          </select>
        </label>
        <label>
          By{" "}
          <select name="actor" defaultValue={filter.actor ?? ""}>
            <option value="">anyone</option>
            {actors.map((actor) => (
              <option key={actor} value={actor}>
                {actor}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="secondary">
          Filter
        </button>
      </Form>
      <table className="desk-table stacking-table">
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Which</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <td data-label="When (UTC)">
                <time dateTime={row.createdAt.toISOString()}>
                  {row.createdAt.toISOString().slice(0, 19).replace("T", " ")}
                </time>
              </td>
              <td data-label="Who">{row.actor}</td>
              <td data-label="What">{logActionLabel(row.action)}</td>
              <td data-label="Which">
                {row.postSlug ? (
                  <Link
                    to={
                      row.commentNumber
                        ? commentPath(row.postSlug, row.commentNumber)
                        : `/posts/${row.postSlug}#comments`
                    }
                  >
                    {row.commentId ? `comment ${row.commentId}` : "post"} on{" "}
                    {row.postTitle}
                  </Link>
                ) : row.commentId ? (
                  `comment ${row.commentId}`
                ) : null}
                {row.posterClass ? ` (${row.posterClass})` : null}
              </td>
              <td data-label="Why">
                {[...row.reasons.map((reason) => reason.message), row.note]
                  .filter(Boolean)
                  .join("; ")}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pagination
        basePath={location.pathname}
        search={location.search}
        page={page}
        pageCount={pageCount}
        labels={dateOrderLabels("entries", "newest first")}
      />
    </section>
  );
}
