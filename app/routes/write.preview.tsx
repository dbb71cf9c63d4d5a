// A resource route: the live preview's script posts the body being written and gets back the
// HTML the site will show for it. No page of its own.
import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import {
  MAX_PREVIEW_CHARACTERS,
  PREVIEW_TOO_LONG,
  type PreviewAnswer,
} from "~/domain/post-preview";
import { requireDesk } from "~/features/accounts/desk.server";
import { readForm } from "~/platform/http.server";
import { renderPostMarkdown } from "~/platform/markdown.server";

const previewFields = z.object({
  body: z.string().max(MAX_PREVIEW_CHARACTERS),
});

function answer(body: PreviewAnswer, status: number): Response {
  return Response.json(body, {
    status,
    headers: { "Cache-Control": "no-store" },
  });
}

/** Only a POST has something to preview. */
export function loader() {
  return new Response("The preview answers only the writing form's script.", {
    status: 405,
    headers: { Allow: "POST", "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * Renders a post body (the form's `body` field) to HTML exactly as the content sync does, with
 * the same renderer and sanitizer, so the preview is what readers will get; editors and admins
 * only. The origin is checked by the server before any route runs.
 */
export async function action({ request }: ActionFunctionArgs) {
  await requireDesk(request, "writePosts");
  const form = await readForm(request);
  const parsed = previewFields.safeParse({ body: form.get("body") ?? "" });
  if (!parsed.success) {
    const tooLong = parsed.error.issues.some(
      (issue) => issue.code === "too_big",
    );
    return tooLong
      ? answer({ error: PREVIEW_TOO_LONG }, 413)
      : answer({ error: "There is no body to preview." }, 400);
  }
  return answer({ html: renderPostMarkdown(parsed.data.body) }, 200);
}
