import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import type { FieldErrors } from "~/domain/account-forms";
import { pageMeta } from "~/domain/meta";
import {
  parsePostForm,
  postToForm,
  savedNotice,
  typedPostForm,
  writeIntentSchema,
  type PostFormField,
  type PostFormValues,
} from "~/domain/post-form";
import { isListed } from "~/domain/scheduling";
import { requireDesk } from "~/features/accounts/desk.server";
import { knownTopics } from "~/features/writing/desk-list.server";
import {
  deletePost,
  openPost,
  savePost,
} from "~/features/writing/post-files.server";
import { serverNow } from "~/platform/clock.server";
import { notFound, readForm, withNotice } from "~/platform/http.server";
import { renderPostMarkdown } from "~/platform/markdown.server";
import { PostEditor } from "~/ui/post-editor";

const NO_POST =
  "There is no post to edit at this address. It may have been deleted.";

function openOrNotFound(slug: string | undefined) {
  const opened = openPost(slug ?? "");
  if (!opened) throw notFound(NO_POST);
  return opened;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireDesk(request, "writePosts");
  const opened = openOrNotFound(params.slug);
  const now = serverNow();
  return {
    slug: opened.slug,
    status: opened.status,
    listed:
      opened.fields !== null &&
      isListed(
        {
          status: opened.status,
          date: opened.fields.date,
          time: opened.fields.time,
        },
        now,
      ),
    sourcePath: opened.sourcePath,
    hash: opened.hash,
    text: opened.text,
    problem: opened.problem,
    values: opened.fields === null ? null : postToForm(opened.fields),
    ...knownTopics(),
  };
}

type Answer = {
  values: PostFormValues;
  errors: FieldErrors<PostFormField>;
  previewHtml: string | null;
  /** The file as it is on disk now, when it changed since the form was opened. */
  conflict: { mine: string; theirs: string; theirsHash: string } | null;
  confirmDelete: boolean;
};

const hashSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .catch("");

export async function action({ request, params }: ActionFunctionArgs) {
  const { actor } = await requireDesk(request, "writePosts");
  const slug = params.slug ?? "";
  const form = Object.fromEntries(await readForm(request));
  const intent = writeIntentSchema.parse(form.intent);
  const openedHash = hashSchema.parse(form.openedHash);
  const answer: Answer = {
    values: typedPostForm(form),
    errors: {},
    previewHtml: null,
    conflict: null,
    confirmDelete: false,
  };
  const now = serverNow();

  if (intent === "preview") {
    return data({
      ...answer,
      previewHtml: renderPostMarkdown(answer.values.body),
    });
  }
  if (intent === "delete") return data({ ...answer, confirmDelete: true });
  if (intent === "delete-confirmed") {
    const result = deletePost(slug, openedHash, actor, now);
    if (result.kind === "gone") throw notFound(NO_POST);
    if (result.kind === "conflict") {
      return data(
        {
          ...answer,
          errors: {
            form: "The post's file changed since you opened it, so it was not deleted. Look at it again first.",
          },
        },
        409,
      );
    }
    return redirect(withNotice("/write", savedNotice("post.deleted")), 303);
  }

  const draft = intent === "draft" || intent === "unpublish";
  const parsed = parsePostForm(form, draft);
  if (!parsed.ok) return data({ ...answer, errors: parsed.errors }, 400);
  const result = savePost(
    {
      slug,
      openedHash,
      fields: parsed.fields,
      confirmSlugChange: form.changeSlug === "yes",
    },
    actor,
    now,
  );
  switch (result.kind) {
    case "saved":
      return redirect(
        withNotice(
          `/write/${result.slug}`,
          result.unchanged
            ? "Nothing had changed."
            : savedNotice(result.action),
        ),
        303,
      );
    case "invalid":
      return data({ ...answer, errors: result.errors }, 400);
    case "conflict":
      return data(
        {
          ...answer,
          errors: {
            form: "Not saved: someone changed this post's file since you opened it. Both versions are below; nothing is lost.",
          },
          conflict: {
            mine: result.mine,
            theirs: result.theirs,
            theirsHash: result.theirsHash,
          },
        },
        409,
      );
    case "sync-error":
      return data(
        {
          ...answer,
          errors: {
            form: `The post could not be loaded from its file (line ${result.line}: ${result.message}). Nothing was saved.`,
          },
        },
        422,
      );
    case "gone":
      throw notFound(NO_POST);
  }
}

export default function EditPost() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const conflict = answer?.conflict ?? null;
  // After a conflict, saving again means "mine over what is on disk now", knowingly.
  const openedHash = conflict?.theirsHash ?? loaded.hash;
  const values = answer?.values ?? loaded.values;
  return (
    <section aria-labelledby="edit-post-title">
      <h2 id="edit-post-title">Edit “{values?.title || loaded.slug}”</h2>
      <p className="edit-post-links">
        {loaded.listed ? (
          <Link to={`/posts/${loaded.slug}`}>See it as readers do</Link>
        ) : (
          <span>
            {loaded.status === "draft"
              ? "A draft: only editors see it."
              : "Scheduled: readers will see it from its date and time."}
          </span>
        )}{" "}
        · <Link to={`/write/${loaded.slug}/history`}>History</Link> · File:{" "}
        <code>{loaded.sourcePath}</code>
      </p>
      {answer?.confirmDelete ? (
        <Form method="post" className="confirm-delete" aria-label="Confirm">
          <input type="hidden" name="openedHash" value={loaded.hash} />
          <p role="alert">
            Move this post to the trash? Readers will no longer see it; its
            comments stay in the database, and its file is kept in the trash
            folder and in the history.
          </p>
          <button
            type="submit"
            name="intent"
            value="delete-confirmed"
            className="danger"
          >
            Yes, move it to the trash
          </button>{" "}
          <Link to={`/write/${loaded.slug}`}>No, keep it</Link>
        </Form>
      ) : null}
      {conflict ? (
        <section className="conflict" aria-labelledby="conflict-title">
          <h3 id="conflict-title">The file changed since you opened it</h3>
          <p>
            Your version is in the form below, as you typed it. The file as it
            is now is shown beside it. Copy what you need from it into the form,
            then save: saving again replaces the file with your version.
          </p>
          <div className="conflict-versions">
            <div>
              <h4 id="conflict-mine">Your version (not saved)</h4>
              <textarea
                readOnly
                rows={14}
                aria-labelledby="conflict-mine"
                value={conflict.mine}
              />
            </div>
            <div>
              <h4 id="conflict-theirs">The file now</h4>
              <textarea
                readOnly
                rows={14}
                aria-labelledby="conflict-theirs"
                value={conflict.theirs}
              />
            </div>
          </div>
        </section>
      ) : null}
      {values === null ? (
        <div className="form-message invalid" role="alert">
          <p>
            The file {loaded.problem?.file} cannot be read into the form: line{" "}
            {loaded.problem?.line}: {loaded.problem?.message}. Fix it in the
            file, then open this page again. The file as it is:
          </p>
          <pre className="source-text">{loaded.text}</pre>
        </div>
      ) : (
        <PostEditor
          key={openedHash}
          values={values}
          errors={answer?.errors ?? {}}
          openedHash={openedHash}
          published={loaded.status === "published"}
          isNew={false}
          tags={loaded.tags}
          areas={loaded.areas}
          previewHtml={answer?.previewHtml ?? null}
          returnTo={`/write/${loaded.slug}`}
        />
      )}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  pageMeta(matches, {
    title: `Writing: ${data?.values?.title ?? "edit"}`,
  });
