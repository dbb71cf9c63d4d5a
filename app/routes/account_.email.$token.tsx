import {
  data,
  redirect,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { confirmEmailChange } from "~/features/accounts/account.server";
import {
  linkPageHeaders,
  linkPageLoader,
} from "~/features/accounts/link-page.server";
import { pageMeta } from "~/domain/meta";

export const headers = linkPageHeaders;

// Following the link only shows the button; its POST changes the email.
export const loader = linkPageLoader("change-email");

const UNUSABLE =
  "This link has already been used or has expired. Ask for a new one on your account page.";
const TAKEN =
  "This email now belongs to another account, so yours keeps its old one.";

export function action({ params }: ActionFunctionArgs) {
  const outcome = confirmEmailChange(params.token ?? "", new Date());
  if (outcome === null) return data({ error: UNUSABLE }, { status: 410 });
  if (outcome === "taken") return data({ error: TAKEN }, { status: 409 });
  return redirect("/account");
}

export default function ConfirmEmailChange() {
  const { usable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error ?? (usable ? undefined : UNUSABLE);
  return (
    <section className="narrow" aria-labelledby="email-change-title">
      <h1 id="email-change-title">Use this email</h1>
      {error ? (
        <>
          <p className="form-message invalid" role="alert">
            {error}
          </p>
          <p>
            <Link to="/account">Your account</Link>
          </p>
        </>
      ) : (
        <Form method="post">
          <p>Confirm that your account uses this email from now on.</p>
          <button type="submit">Use this email</button>
        </Form>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Use this email", path: "/account" });
