import {
  data,
  redirect,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Field } from "~/ui/field";
import {
  type FieldErrors,
  fieldErrors,
  PASSWORD_MAX,
  PASSWORD_MIN,
  resetPasswordSchema,
} from "~/domain/account-forms";
import { resetPassword } from "~/features/accounts/password-reset.server";
import {
  linkPageHeaders,
  linkPageLoader,
} from "~/features/accounts/link-page.server";
import { readForm } from "~/platform/http.server";
import { pageMeta } from "~/domain/meta";
import { startSession } from "~/features/accounts/session.server";

export const headers = linkPageHeaders;

// Following the link only shows the form: the POST sets the password.
export const loader = linkPageLoader("password-reset");

type ResetResult = { errors: FieldErrors<"password"> };

const UNUSABLE =
  "This link has already been used or has expired. Ask for a new one below.";

export async function action({ request, params }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const parsed = resetPasswordSchema.safeParse(form);
  if (!parsed.success) {
    return data<ResetResult>(
      { errors: fieldErrors(parsed.error.issues) },
      { status: 400 },
    );
  }
  const now = new Date();
  const userId = await resetPassword(
    params.token ?? "",
    parsed.data.password,
    now,
  );
  if (userId === null) {
    return data<ResetResult>({ errors: { form: UNUSABLE } }, { status: 410 });
  }
  return redirect("/", {
    headers: { "Set-Cookie": await startSession(request, userId, now) },
  });
}

export default function ResetPassword() {
  const { usable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const formError = result?.errors.form ?? (usable ? undefined : UNUSABLE);
  return (
    <section className="narrow" aria-labelledby="reset-title">
      <h1 id="reset-title">Choose a new password</h1>
      {formError ? (
        <>
          <p className="form-message invalid" role="alert">
            {formError}
          </p>
          <p>
            <Link to="/forgot-password">Send me a new link</Link>
          </p>
        </>
      ) : (
        <Form method="post" className="comment-form">
          <Field
            id="password"
            name="password"
            maxLength={PASSWORD_MAX}
            label="New password"
            type="password"
            autoComplete="new-password"
            required
            minLength={PASSWORD_MIN}
            hint={`At least ${PASSWORD_MIN} characters. You will be signed out everywhere else.`}
            error={result?.errors.password}
          />
          <button type="submit">Set my password and sign in</button>
        </Form>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, {
    title: "Choose a new password",
    path: "/forgot-password",
  });
