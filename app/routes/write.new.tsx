import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { lastListedDate } from "~/domain/scheduling";
import { pageMeta } from "~/domain/meta";
import {
  parsePostForm,
  typedPostForm,
  type PostFormValues,
} from "~/domain/post-form";
import { requireDesk } from "~/features/accounts/desk.server";
import { knownTopics } from "~/features/writing/desk-list.server";
import { savePost } from "~/features/writing/post-files.server";
import { serverNow } from "~/platform/clock.server";
import { readForm, withNotice } from "~/platform/http.server";
import { renderPostMarkdown } from "~/platform/markdown.server";
import { PostEditor } from "~/ui/post-editor";
import { savedNotice, writeIntentSchema } from "~/domain/post-form";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireDesk(request, "writePosts");
  const values: PostFormValues = {
    title: "",
    date: lastListedDate(serverNow()),
    time: "",
    author: user.displayName,
    summary: "",
    tags: "",
    area: "",
    comments: "open",
    slug: "",
    body: "",
  };
  return { values, ...knownTopics() };
}

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireDesk(request, "writePosts");
  const form = Object.fromEntries(await readForm(request));
  const intent = writeIntentSchema.parse(form.intent);
  const values = typedPostForm(form);
  const answer = { values, errors: {}, previewHtml: null as string | null };
  if (intent === "preview") {
    return data({ ...answer, previewHtml: renderPostMarkdown(values.body) });
  }
  const parsed = parsePostForm(form, intent === "draft");
  if (!parsed.ok) return data({ ...answer, errors: parsed.errors }, 400);
  const now = serverNow();
  const result = savePost(
    {
      slug: null,
      openedHash: null,
      fields: parsed.fields,
      confirmSlugChange: false,
    },
    actor,
    now,
  );
  switch (result.kind) {
    case "saved":
      return redirect(
        withNotice(`/write/${result.slug}`, savedNotice(result.action)),
        303,
      );
    case "invalid":
      return data({ ...answer, errors: result.errors }, 400);
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
    default:
      // A new post has no earlier file to conflict with or to have lost.
      throw new Response("This post could not be saved.", { status: 409 });
  }
}

export default function NewPost() {
  const loaded = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  return (
    <section aria-labelledby="new-post-title">
      <h2 id="new-post-title">New post</h2>
      <PostEditor
        values={answer?.values ?? loaded.values}
        errors={answer?.errors ?? {}}
        openedHash={null}
        published={false}
        isNew
        tags={loaded.tags}
        areas={loaded.areas}
        previewHtml={answer?.previewHtml ?? null}
        returnTo="/write/new"
      />
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Writing: new post" });
