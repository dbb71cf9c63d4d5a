import type { AppLoadContext } from "@remix-run/node";
import type { CommentForm } from "~/domain/comment-form";
import type { Poster } from "~/features/discussion/submit.server";
import { posterClassOf } from "~/domain/permissions";
import { newGuestKey, readGuestKey } from "../accounts/guest.server";
import { addressKey, emailKey } from "../../platform/secrets.server";
import { getSessionUser } from "../accounts/session.server";

/** Who is posting, from the form, the guest cookie and the client address (keyed, never kept). */
export async function identifyPoster(
  request: Request,
  context: AppLoadContext,
  form: Pick<CommentForm, "name" | "email">,
): Promise<Poster> {
  const guestKey = (await readGuestKey(request)) ?? newGuestKey();
  context.issuedGuestKey = guestKey;
  const address = addressKey(context.clientAddress);
  const user = await getSessionUser(request);
  if (user) {
    // A member posts under their display name, whatever the form's name field says.
    return {
      posterClass: posterClassOf(user),
      name: user.displayName,
      emailKey: null,
      guestKey,
      addressKey: address,
      userId: user.id,
    };
  }
  return {
    posterClass: form.name === null ? "anonymous" : "named",
    name: form.name,
    emailKey: form.email === null ? null : emailKey(form.email),
    guestKey,
    addressKey: address,
    userId: null,
  };
}
