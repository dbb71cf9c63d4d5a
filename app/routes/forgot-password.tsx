import {
  data,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { MailFilesNote } from "~/ui/mail-files-note";
import { Field } from "~/ui/field";
import {
  EMAIL_MAX,
  type FieldErrors,
  fieldErrors,
  forgotPasswordSchema,
} from "~/domain/account-forms";
import { describeDuration } from "~/domain/dates";
import {
  requestPasswordReset,
  RESET_REQUESTS_PER_CLIENT_HOUR,
} from "~/features/accounts/password-reset.server";
import { mailRequestRetryAfter } from "~/features/mail/request-limit.server";
import { writesMailToFiles } from "~/features/mail/transport.server";
import { readForm } from "~/platform/http.server";
import { pageMeta } from "~/domain/meta";
import { addressKey } from "~/platform/secrets.server";

export function loader() {
  return { mailToFiles: writesMailToFiles() };
}

type ForgotResult =
  | { sent: true; email: string }
  | { sent: false; errors: FieldErrors<"email">; email: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const typedEmail = typeof form.email === "string" ? form.email : "";
  const parsed = forgotPasswordSchema.safeParse(form);
  if (!parsed.success) {
    return data<ForgotResult>(
      {
        sent: false,
        errors: fieldErrors(parsed.error.issues),
        email: typedEmail,
      },
      { status: 400 },
    );
  }
  const now = new Date();
  const wait = mailRequestRetryAfter(
    "password-reset",
    addressKey(context.clientAddress),
    RESET_REQUESTS_PER_CLIENT_HOUR,
    now,
  );
  if (wait !== null) {
    return data<ForgotResult>(
      {
        sent: false,
        errors: {
          form: `Too many requests from here. Please try again in ${describeDuration(Math.ceil(wait / 60) * 60)}.`,
        },
        email: typedEmail,
      },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  // The same answer whether or not the email has an account.
  requestPasswordReset(parsed.data.email, now);
  return data<ForgotResult>({ sent: true, email: parsed.data.email });
}

export default function ForgotPassword() {
  const { mailToFiles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="forgot-title">
      <h1 id="forgot-title">Forgot your password?</h1>
      {result?.sent ? (
        <p className="form-message published" role="status">
          If an account uses {result.email}, we have sent it a link to choose a
          new password. It works once, for an hour. Nothing arrived? Look in the
          spam folder, or ask again in a few minutes.
        </p>
      ) : (
        <>
          <p>
            Give the email of your account and we will send you a link to choose
            a new password.
          </p>
          <Form method="post" className="comment-form">
            {result?.errors.form ? (
              <p className="form-message invalid" role="alert">
                {result.errors.form}
              </p>
            ) : null}
            <Field
              id="email"
              name="email"
              maxLength={EMAIL_MAX}
              label="Email"
              type="email"
              autoComplete="email"
              required
              defaultValue={result?.email}
              error={result?.errors.email}
            />
            <button type="submit">Send me a link</button>
          </Form>
        </>
      )}
      <MailFilesNote show={mailToFiles} />
      <p>
        Remembered it? <Link to="/sign-in">Sign in</Link>.
      </p>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, {
    title: "Forgot your password?",
    path: "/forgot-password",
  });
