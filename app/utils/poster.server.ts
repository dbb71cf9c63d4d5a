import type { AppLoadContext } from "@remix-run/node";
import type { CommentForm } from "~/domain/comment-form";
import type { Poster } from "~/models/comment.server";
import { newGuestKey, readGuestKey } from "./guest.server";
import { addressKey, emailKey } from "./secrets.server";

/** Who is posting, from the form, the guest cookie and the client address (keyed, never kept). */
export async function identifyPoster(
  request: Request,
  context: AppLoadContext,
  form: Pick<CommentForm, "name" | "email">,
): Promise<Poster> {
  return {
    posterClass: form.name === null ? "anonymous" : "named",
    name: form.name,
    emailKey: form.email === null ? null : emailKey(form.email),
    guestKey: (await readGuestKey(request)) ?? newGuestKey(),
    addressKey: addressKey(context.clientAddress),
  };
}
