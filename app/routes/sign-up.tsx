import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useSearchParams,
} from "@remix-run/react";
import { Field } from "~/ui/field";
import {
  DISPLAY_NAME_MAX,
  EMAIL_MAX,
  type FieldErrors,
  fieldErrors,
  PASSWORD_MAX,
  PASSWORD_MIN,
  signUpSchema,
} from "~/domain/account-forms";
import { signUpMember } from "~/features/accounts/email-confirmation.server";
import { MailFilesNote } from "~/ui/mail-files-note";
import { writesMailToFiles } from "~/features/mail/transport.server";
import { readForm } from "~/platform/http.server";
import { pageMeta } from "~/domain/meta";
import { getSessionUser } from "~/features/accounts/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return { mailToFiles: writesMailToFiles() };
}

type SignUpResult =
  | { done: true; email: string }
  | {
      done: false;
      errors: FieldErrors<"email" | "displayName" | "password">;
      values: { email: string; displayName: string };
    };

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const values = {
    email: typeof form.email === "string" ? form.email : "",
    displayName: typeof form.displayName === "string" ? form.displayName : "",
  };
  const parsed = signUpSchema.safeParse(form);
  if (!parsed.success) {
    return data<SignUpResult>(
      { done: false, errors: fieldErrors(parsed.error.issues), values },
      { status: 400 },
    );
  }
  // The same answer, after the same work, whether or not the email already has an account:
  // only its owner's inbox tells.
  await signUpMember(parsed.data, new Date());
  return data<SignUpResult>({ done: true, email: parsed.data.email });
}

export default function SignUp() {
  const { mailToFiles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const redirectTo = search.get("redirectTo") ?? "/";
  if (result?.done) {
    return (
      <section className="narrow" aria-labelledby="sign-up-title">
        <h1 id="sign-up-title">Check your email</h1>
        <p className="form-message published" role="status">
          We have sent a message to {result.email}. Follow its link to finish
          creating your account. You can sign in already; until you follow the
          link, your comments are treated as a guest&apos;s.
        </p>
        <MailFilesNote show={mailToFiles} />
        <p>
          <Link to={`/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`}>
            Sign in
          </Link>
        </p>
      </section>
    );
  }
  const errors = result?.errors ?? {};
  return (
    <section className="narrow" aria-labelledby="sign-up-title">
      <h1 id="sign-up-title">Create an account</h1>
      <p>
        Members comment under their name without filling it in each time. Your
        email is never shown on the site: only its admins can see it.
      </p>
      <Form method="post" className="comment-form">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          id="email"
          name="email"
          maxLength={EMAIL_MAX}
          label="Email"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          error={errors.email}
        />
        <Field
          id="displayName"
          name="displayName"
          maxLength={DISPLAY_NAME_MAX}
          label="Name shown on your comments"
          autoComplete="name"
          required
          defaultValue={result?.values.displayName}
          error={errors.displayName}
        />
        <Field
          id="password"
          name="password"
          maxLength={PASSWORD_MAX}
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          hint={`At least ${PASSWORD_MIN} characters.`}
          error={errors.password}
        />
        <button type="submit">Create account</button>
      </Form>
      <MailFilesNote show={mailToFiles} />
      <p>
        Already have an account?{" "}
        <Link to={`/sign-in?redirectTo=${encodeURIComponent(redirectTo)}`}>
          Sign in
        </Link>
        .
      </p>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Create an account", path: "/sign-up" });
