import {
  data,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { Field } from "~/ui/field";
import {
  EMAIL_MAX,
  type FieldErrors,
  fieldErrors,
  PASSWORD_MAX,
  signInSchema,
} from "~/domain/account-forms";
import { describeDuration } from "~/domain/dates";
import {
  claimSignInAttempt,
  forgiveSignInAttempt,
} from "~/features/accounts/sign-in.server";
import { findUserByEmail } from "~/features/accounts/user.server";
import { readForm, safeRedirectPath } from "~/platform/http.server";
import {
  knownBrowserCookieHeader,
  knownBrowserId,
} from "~/features/accounts/known-browser.server";
import { pageMeta } from "~/domain/meta";
import { decoyHash, verifyPassword } from "~/features/accounts/password.server";
import { addressKey, emailKey } from "~/platform/secrets.server";
import {
  getSessionUser,
  startSession,
} from "~/features/accounts/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) {
    throw redirect(
      safeRedirectPath(
        new URL(request.url).searchParams.get("redirectTo"),
        "/",
      ),
    );
  }
  return null;
}

type SignInResult = {
  errors: FieldErrors<"email" | "password">;
  email: string;
};

// One message for an unknown email and a wrong password: the form never tells whether an email has an account.
const NO_MATCH = "That email and password do not match an account.";

export async function action({ request, context }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const redirectTo = safeRedirectPath(form.redirectTo, "/");
  const typedEmail = typeof form.email === "string" ? form.email : "";
  const parsed = signInSchema.safeParse(form);
  if (!parsed.success) {
    return data<SignInResult>(
      { errors: fieldErrors(parsed.error.issues), email: typedEmail },
      { status: 400 },
    );
  }
  const { email, password } = parsed.data;
  const now = new Date();
  const user = findUserByEmail(email);
  const browser = await knownBrowserId(request, user);
  const address = addressKey(context.clientAddress);
  // Counted before the password is checked, in the same step as the limit: see claimSignInAttempt.
  const attempt = claimSignInAttempt(
    browser === null
      ? { email: emailKey(email), address }
      : { browser, address },
    now,
  );
  if (!attempt.allowed) {
    const wait = attempt.retryAfter;
    return data<SignInResult>(
      {
        errors: {
          form: `Too many attempts to sign in. Please try again in ${describeDuration(Math.ceil(wait / 60) * 60)}.`,
        },
        email: typedEmail,
      },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  const matches = await verifyPassword(
    password,
    user?.passwordHash ?? (await decoyHash()),
  );
  if (!user || !matches) {
    return data<SignInResult>(
      { errors: { form: NO_MATCH }, email: typedEmail },
      { status: 400 },
    );
  }
  forgiveSignInAttempt(attempt);
  const headers = new Headers();
  headers.append("Set-Cookie", await startSession(request, user.id, now));
  headers.append(
    "Set-Cookie",
    await knownBrowserCookieHeader(request, user, browser),
  );
  return redirect(redirectTo, { headers });
}

// Remix passes on only an action's cookies by itself: the refusal's Retry-After is passed here.
export const headers: HeadersFunction = ({ actionHeaders }) => {
  const headers = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter !== null) headers.set("Retry-After", retryAfter);
  return headers;
};

export default function SignIn() {
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors = result?.errors ?? {};
  const redirectTo = search.get("redirectTo") ?? "/";
  return (
    <section className="narrow" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in</h1>
      <Form method="post" className="comment-form">
        {errors.form ? (
          <p className="form-message invalid" role="alert">
            {errors.form}
          </p>
        ) : null}
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field
          id="email"
          name="email"
          maxLength={EMAIL_MAX}
          label="Email"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.email}
          error={errors.email}
        />
        <Field
          id="password"
          name="password"
          maxLength={PASSWORD_MAX}
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          error={errors.password}
        />
        <button type="submit">Sign in</button>
      </Form>
      <p>
        <Link to="/forgot-password">Forgot your password?</Link>
      </p>
      <p>
        New here?{" "}
        <Link to={`/sign-up?redirectTo=${encodeURIComponent(redirectTo)}`}>
          Create an account
        </Link>
        .
      </p>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Sign in", path: "/sign-in" });
