import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { formatExactTime } from "~/domain/dates";
import { diffCounts } from "~/domain/line-diff";
import { pageMeta } from "~/domain/meta";
import { savedNotice } from "~/domain/post-form";
import { requireDesk } from "~/features/accounts/desk.server";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import {
  getVersion,
  listVersions,
  restoreDiff,
  restoreVersion,
} from "~/features/writing/history.server";
import { openPost } from "~/features/writing/post-files.server";
import { serverNow } from "~/platform/clock.server";
import {
  notFound,
  readForm,
  wholeNumberParam,
  withNotice,
} from "~/platform/http.server";

const NO_POST = "There is no post at this address. It may have been deleted.";
const versionParam = wholeNumberParam(1_000_000_000);

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireDesk(request, "writePosts");
  const opened = openPost(params.slug ?? "");
  if (!opened) throw notFound(NO_POST);
  const { timeZone } = getSiteSettings();
  const versions = listVersions(opened.postId).map((version) => ({
    id: version.id,
    replacedBy: version.replacedBy,
    replaced: formatExactTime(version.replacedAt, timeZone),
    iso: version.replacedAt.toISOString(),
  }));
  const asked = new URL(request.url).searchParams.get("version");
  let shown = null;
  if (asked !== null) {
    const id = versionParam.safeParse(asked);
    const version = id.success ? getVersion(opened.postId, id.data) : null;
    if (!version) throw notFound("That post has no such earlier version.");
    const diff = restoreDiff(opened.text, version.sourceText);
    shown = {
      id: version.id,
      replaced: formatExactTime(version.replacedAt, timeZone),
      diff,
      counts: diffCounts(diff),
    };
  }
  return {
    slug: opened.slug,
    title: opened.fields?.title ?? opened.slug,
    hash: opened.hash,
    versions,
    shown,
  };
}

const restoreSchema = z.object({
  version: versionParam,
  openedHash: z.string().regex(/^[0-9a-f]{64}$/),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireDesk(request, "writePosts");
  const slug = params.slug ?? "";
  const parsed = restoreSchema.safeParse(
    Object.fromEntries(await readForm(request)),
  );
  if (!parsed.success) {
    return data({ error: "Choose a version to restore from the list." }, 400);
  }
  const result = restoreVersion(
    slug,
    parsed.data.version,
    parsed.data.openedHash,
    actor,
    serverNow(),
  );
  switch (result.kind) {
    case "saved":
      return redirect(
        withNotice(
          `/write/${result.slug}/history`,
          result.unchanged
            ? "That version is the one the file holds now."
            : savedNotice("post.restored"),
        ),
        303,
      );
    case "conflict":
      return data(
        {
          error:
            "Not restored: the post's file changed since you opened this page. The differences below are out of date: open the version again and look before restoring.",
        },
        409,
      );
    case "sync-error":
      return data(
        {
          error: `That version could not be loaded (line ${result.line}: ${result.message}). Nothing was changed.`,
        },
        422,
      );
    case "invalid":
      return data({ error: Object.values(result.errors).join(" ") }, 400);
    case "gone":
      throw notFound(NO_POST);
  }
}

const SIGN = { same: " ", removed: "−", added: "+" } as const;
const SPOKEN = { same: "", removed: "Goes: ", added: "Comes back: " } as const;

export default function PostHistory() {
  const { slug, title, hash, versions, shown } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History of “{title}”</h2>
      <p>
        <Link to={`/write/${slug}`}>Back to the post</Link>
      </p>
      {answer?.error ? (
        <p className="form-message invalid" role="alert">
          {answer.error}
        </p>
      ) : null}
      {versions.length === 0 ? (
        <p>
          No earlier versions yet: each save from the writing desk keeps the
          text it replaces here.
        </p>
      ) : (
        <ol className="version-list">
          {versions.map((version) => (
            <li key={version.id}>
              <Link
                to={`?version=${version.id}`}
                aria-current={shown?.id === version.id ? "true" : undefined}
              >
                The text before{" "}
                <time dateTime={version.iso}>{version.replaced}</time>
              </Link>{" "}
              (replaced by {version.replacedBy})
            </li>
          ))}
        </ol>
      )}
      {shown ? (
        <section aria-labelledby="version-title" className="version">
          <h3 id="version-title">The text before {shown.replaced}</h3>
          <p>
            Restoring it would change the file as it is now like this:{" "}
            {shown.counts.removed} lines go (−), {shown.counts.added} come back
            (+).
          </p>
          <pre className="line-diff">
            {shown.diff.map((line, index) => (
              <span key={index} className={`diff-${line.kind}`}>
                <span aria-hidden="true">{SIGN[line.kind]} </span>
                {SPOKEN[line.kind] ? (
                  <span className="visually-hidden">{SPOKEN[line.kind]}</span>
                ) : null}
                {line.text}
                {"\n"}
              </span>
            ))}
          </pre>
          <Form method="post">
            <input type="hidden" name="version" value={shown.id} />
            <input type="hidden" name="openedHash" value={hash} />
            <button type="submit">Restore this version</button>
          </Form>
          <p className="hint">
            A restore is a save like any other: the text it replaces stays in
            this history.
          </p>
        </section>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, { title: `History: ${data?.title ?? "post"}` });
