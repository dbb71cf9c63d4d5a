import { data, type AppLoadContext } from "@remix-run/node";
import { authorChangeFormSchema } from "~/domain/author-change-form";
import { outcomeMessage } from "~/domain/comment-outcome";
import { getPolicySettings } from "~/features/moderation/policy.server";
import { readGuestKey } from "~/features/accounts/guest.server";
import { addressKey } from "~/platform/secrets.server";
import { getSessionUser } from "~/features/accounts/session.server";
import { wholeNumberParam } from "~/platform/http.server";
import type { ThreadComment } from "./thread.server";
import {
  commentMarkdown,
  deleteOwnComment,
  editOwnComment,
  type ChangingAuthor,
} from "./author-changes.server";

/** What the page shows after an author edits or deletes their comment. */
export type AuthorChangeActionResult = {
  form: "author-change";
  intent: "edit" | "delete";
  status: "edited" | "held" | "deleted" | "invalid";
  commentId: number | null;
  message: string;
  errors: { body?: string };
  /** What was typed, to put back in the edit form when it is refused. */
  values: { body: string };
};

/** `?edit=` and `?delete=`: a comment's id in plain digits; any other value opens no form. */
const commentIdParam = wholeNumberParam(999_999_999).nullable().catch(null);

/**
 * The author's edit or delete form the address asks for (`?edit=<id>`, `?delete=<id>`), open
 * only on the viewer's own comment, with the text to edit. One query at most.
 */
export function authorChangeForms(
  search: URLSearchParams,
  shown: ReadonlyMap<number, ThreadComment>,
): { editing: { id: number; body: string } | null; deleting: number | null } {
  const editId = commentIdParam.parse(search.get("edit"));
  const deleteId = commentIdParam.parse(search.get("delete"));
  const own = (id: number | null) =>
    id !== null && shown.get(id)?.mine === true ? id : null;
  const editing = own(editId);
  const body = editing === null ? null : commentMarkdown(editing);
  return {
    editing: editing === null || body === null ? null : { id: editing, body },
    deleting: own(deleteId),
  };
}

/** Who is asking: their account and this browser's guest id, never made up for them. */
async function changingAuthor(
  request: Request,
  context: AppLoadContext,
): Promise<ChangingAuthor | null> {
  const user = await getSessionUser(request);
  const guestKey = await readGuestKey(request);
  // Without a guest id or an account nobody can be recognised as the author.
  if (user === null && guestKey === null) return null;
  return {
    userId: user?.id ?? null,
    guestKey: guestKey ?? "",
    addressKey: addressKey(context.clientAddress),
  };
}

const NOT_YOURS =
  "Only the person who wrote this comment can change it: this browser or account did not write it.";

/** The edit and delete forms of one's own comment. */
export async function handleAuthorChangeForm(
  request: Request,
  context: AppLoadContext,
  fields: Record<string, unknown>,
) {
  const body = typeof fields.body === "string" ? fields.body : "";
  const intent = fields.intent === "delete" ? "delete" : "edit";
  const idText = typeof fields.commentId === "string" ? fields.commentId : "";
  const answer = (
    status: AuthorChangeActionResult["status"],
    message: string,
    httpStatus = 200,
    errors: AuthorChangeActionResult["errors"] = {},
  ) =>
    data<AuthorChangeActionResult>(
      {
        form: "author-change",
        intent,
        status,
        commentId: /^\d{1,15}$/.test(idText) ? Number(idText) : null,
        message,
        errors,
        values: { body },
      },
      { status: httpStatus },
    );

  const parsed = authorChangeFormSchema.safeParse(fields);
  if (!parsed.success) {
    const bodyIssue = parsed.error.issues.find((i) => i.path[0] === "body");
    return answer(
      "invalid",
      "Please check the form: nothing was changed yet.",
      400,
      bodyIssue ? { body: bodyIssue.message } : {},
    );
  }
  const author = await changingAuthor(request, context);
  if (author === null) return answer("invalid", NOT_YOURS, 403);
  const policy = getPolicySettings();
  const now = new Date();
  const form = parsed.data;

  if (form.intent === "delete") {
    const result = deleteOwnComment(
      { commentId: form.commentId, author },
      policy,
      now,
    );
    if (result.kind === "not-found")
      return answer("invalid", "There is no such comment.", 404);
    if (result.kind === "refused")
      return answer("invalid", result.message, result.status);
    return answer("deleted", "Your comment was deleted.");
  }

  const result = editOwnComment(
    { commentId: form.commentId, body: form.body, author },
    policy,
    now,
  );
  if (result.kind === "not-found")
    return answer("invalid", "There is no such comment.", 404);
  if (result.kind === "refused")
    return answer("invalid", result.message, result.status);
  // Moderators' details (which word matched) stay on the server.
  const reasons = result.decision.reasons.map(({ code, message }) => ({
    code,
    message,
  }));
  if (result.kind === "rejected") {
    const message = `Your edit was not saved: ${outcomeMessage("reject", reasons)} The comment still reads as before.`;
    return answer("invalid", message, 422, { body: message });
  }
  return result.comment.state === "published"
    ? answer("edited", "Your changes are saved.")
    : answer(
        "held",
        reasons.length > 0
          ? `Your changes are saved. ${outcomeMessage("hold", reasons)}`
          : "Your changes are saved. It is still waiting for a moderator: only you can see it until it is approved.",
      );
}
