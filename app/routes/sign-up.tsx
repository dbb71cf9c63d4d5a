import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { TextField } from "~/components/text-field";
import {
  fieldErrors,
  PASSWORD_MIN,
  signUpSchema,
  type FieldErrors,
} from "~/domain/account-forms";
import { createUser } from "~/models/user.server";
import { readForm, safeRedirectPath } from "~/utils/http.server";
import { pageMeta } from "~/utils/meta";
import { getSessionUser, startSession } from "~/utils/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSessionUser(request)) throw redirect("/");
  return null;
}

type SignUpResult = {
  errors: FieldErrors<"email" | "displayName" | "password">;
  values: { email: string; displayName: string };
};

export async function action({ request }: ActionFunctionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const redirectTo = safeRedirectPath(form.redirectTo, "/");
  const values = {
    email: typeof form.email === "string" ? form.email : "",
    displayName: typeof form.displayName === "string" ? form.displayName : "",
  };
  const parsed = signUpSchema.safeParse(form);
  if (!parsed.success) {
    return data<SignUpResult>(
      { errors: fieldErrors(parsed.error.issues), values },
      { status: 400 },
    );
  }
  const now = new Date();
  const user = await createUser(parsed.data, now);
  if (!user) {
    return data<SignUpResult>(
      {
        errors: {
          email: "An account with this email already exists: sign in instead.",
        },
        values,
      },
      { status: 400 },
    );
  }
  return redirect(redirectTo, {
    headers: { "Set-Cookie": await startSession(request, user.id, now) },
  });
}

export default function SignUp() {
  const result = useActionData<typeof action>();
  const [search] = useSearchParams();
  const errors = result?.errors ?? {};
  const redirectTo = search.get("redirectTo") ?? "/";
  return (
    <section className="narrow" aria-labelledby="sign-up-title">
      <h1 id="sign-up-title">Create an account</h1>
      <p>
        Members comment under their name without filling it in each time. Your
        email is never shown on the site: only its admins can see it.
      </p>
      <Form method="post" className="comment-form">
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <TextField
          id="email"
          name="email"
          label="Email"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.values.email}
          error={errors.email}
        />
        <TextField
          id="displayName"
          name="displayName"
          label="Name shown on your comments"
          autoComplete="name"
          required
          defaultValue={result?.values.displayName}
          error={errors.displayName}
        />
        <TextField
          id="password"
          name="password"
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
