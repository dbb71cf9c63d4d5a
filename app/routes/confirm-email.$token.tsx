import {
  data,
  redirect,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { confirmEmail } from "~/features/accounts/email-confirmation.server";
import {
  linkPageHeaders,
  linkPageLoader,
} from "~/features/accounts/link-page.server";
import { pageMeta } from "~/domain/meta";
import { startSession } from "~/features/accounts/session.server";

export const headers = linkPageHeaders;

// Following the link only shows the button (a mail scanner that opens links confirms nothing).
export const loader = linkPageLoader("confirm-email");

const UNUSABLE =
  "This link has already been used or has expired. Sign in to have a new one sent.";

export async function action({ request, params }: ActionFunctionArgs) {
  const now = new Date();
  const userId = confirmEmail(params.token ?? "", now);
  if (userId === null) return data({ error: UNUSABLE }, { status: 410 });
  // The link proves the address is theirs: it signs them in too, with a new session.
  return redirect("/", {
    headers: { "Set-Cookie": await startSession(request, userId, now) },
  });
}

export default function ConfirmEmail() {
  const { usable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error ?? (usable ? undefined : UNUSABLE);
  return (
    <section className="narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title">Confirm your email</h1>
      {error ? (
        <>
          <p className="form-message invalid" role="alert">
            {error}
          </p>
          <p>
            <Link to="/confirm-email">Send me a new link</Link>
          </p>
        </>
      ) : (
        <Form method="post">
          <p>
            Confirm that this email is yours to finish creating your account.
          </p>
          <button type="submit">Confirm my email</button>
        </Form>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Confirm your email", path: "/confirm-email" });
