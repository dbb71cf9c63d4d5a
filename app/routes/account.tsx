import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  changeDisplayName,
  changePassword,
  deleteAccount,
  isCurrentPassword,
  requestEmailChange,
} from "~/features/accounts/account.server";
import { MailFilesNote } from "~/ui/mail-files-note";
import { writesMailToFiles } from "~/features/mail/transport.server";
import { Field } from "~/ui/field";
import {
  changeEmailSchema,
  changePasswordSchema,
  deleteAccountSchema,
  DISPLAY_NAME_MAX,
  displayNameFormSchema,
  EMAIL_MAX,
  type FieldErrors,
  fieldErrors,
  PASSWORD_MAX,
  PASSWORD_MIN,
} from "~/domain/account-forms";
import { findUserById } from "~/features/accounts/user.server";
import { readForm } from "~/platform/http.server";
import { pageMeta } from "~/domain/meta";
import {
  ALERT_SETTING_LABELS,
  ALERT_SETTINGS,
  alertSettingFormSchema,
} from "~/domain/moderator-alerts";
import { hasPermission } from "~/domain/permissions";
import {
  alertSettingOf,
  saveAlertSetting,
} from "~/features/notify/moderator-alerts.server";
import { db } from "~/platform/db.server";
import {
  endAllSessions,
  endSession,
  requireUser,
  startSession,
} from "~/features/accounts/session.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const account = findUserById(user.id)!;
  return {
    displayName: account.displayName,
    // Shown to its owner only, on a page never cached.
    email: account.email,
    emailConfirmed: user.emailConfirmed,
    mailToFiles: writesMailToFiles(),
    // Only moderators and admins are alerted about held comments.
    alertSetting: hasPermission(user.role, "moderate")
      ? alertSettingOf(db(), user.id)
      : null,
  };
}

export const headers = () => ({ "Cache-Control": "private, no-store" });

type Intent =
  "name" | "email" | "password" | "sign-out-everywhere" | "delete" | "alerts";
type AccountResult = {
  intent: Intent;
  errors: FieldErrors<
    "displayName" | "email" | "currentPassword" | "password" | "alertSetting"
  >;
  done?: string;
  displayName?: string;
  email?: string;
};

const WRONG_PASSWORD = "That is not your current password.";

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = Object.fromEntries(await readForm(request));
  const now = new Date();
  switch (form.intent) {
    case "name": {
      const typed =
        typeof form.displayName === "string" ? form.displayName : "";
      const parsed = displayNameFormSchema.safeParse(form);
      if (!parsed.success)
        return data<AccountResult>(
          {
            intent: "name",
            errors: fieldErrors(parsed.error.issues),
            displayName: typed,
          },
          { status: 400 },
        );
      changeDisplayName(user.id, parsed.data.displayName, now);
      return data<AccountResult>({
        intent: "name",
        errors: {},
        done: "Your name is changed: your comments show it from now on.",
      });
    }
    case "email": {
      const typed = typeof form.email === "string" ? form.email : "";
      const parsed = changeEmailSchema.safeParse(form);
      if (!parsed.success)
        return data<AccountResult>(
          {
            intent: "email",
            errors: fieldErrors(parsed.error.issues),
            email: typed,
          },
          { status: 400 },
        );
      if (!(await isCurrentPassword(user.id, parsed.data.currentPassword)))
        return data<AccountResult>(
          {
            intent: "email",
            errors: { currentPassword: WRONG_PASSWORD },
            email: typed,
          },
          { status: 400 },
        );
      requestEmailChange(user.id, parsed.data.email, now);
      return data<AccountResult>({
        intent: "email",
        errors: {},
        done: `We have sent a link to ${parsed.data.email}: your email changes when you follow it. Until then it stays as it is.`,
      });
    }
    case "password": {
      const parsed = changePasswordSchema.safeParse(form);
      if (!parsed.success)
        return data<AccountResult>(
          { intent: "password", errors: fieldErrors(parsed.error.issues) },
          { status: 400 },
        );
      if (!(await isCurrentPassword(user.id, parsed.data.currentPassword)))
        return data<AccountResult>(
          { intent: "password", errors: { currentPassword: WRONG_PASSWORD } },
          { status: 400 },
        );
      await changePassword(user.id, parsed.data.password, now);
      return data<AccountResult>(
        {
          intent: "password",
          errors: {},
          done: "Your password is changed, and every other browser is signed out.",
        },
        {
          headers: { "Set-Cookie": await startSession(request, user.id, now) },
        },
      );
    }
    case "alerts": {
      if (!hasPermission(user.role, "moderate"))
        throw new Response("Only moderators and admins get alerts.", {
          status: 403,
        });
      const parsed = alertSettingFormSchema.safeParse(form);
      if (!parsed.success)
        return data<AccountResult>(
          { intent: "alerts", errors: fieldErrors(parsed.error.issues) },
          { status: 400 },
        );
      db().transaction((tx) =>
        saveAlertSetting(tx, user.id, parsed.data.alertSetting, now),
      );
      return data<AccountResult>({
        intent: "alerts",
        errors: {},
        done:
          parsed.data.alertSetting === "none"
            ? "You will get no more alerts or reminders about held comments."
            : `Saved: ${ALERT_SETTING_LABELS[parsed.data.alertSetting].toLowerCase()}.`,
      });
    }
    case "sign-out-everywhere": {
      endAllSessions(user.id);
      return redirect("/", {
        headers: { "Set-Cookie": await endSession(request) },
      });
    }
    case "delete": {
      const parsed = deleteAccountSchema.safeParse(form);
      if (!parsed.success)
        return data<AccountResult>(
          { intent: "delete", errors: fieldErrors(parsed.error.issues) },
          { status: 400 },
        );
      if (!(await isCurrentPassword(user.id, parsed.data.currentPassword)))
        return data<AccountResult>(
          { intent: "delete", errors: { currentPassword: WRONG_PASSWORD } },
          { status: 400 },
        );
      const cookie = await endSession(request);
      deleteAccount(user.id, now);
      return redirect("/", { headers: { "Set-Cookie": cookie } });
    }
    default:
      throw new Response(
        "This form could not be read. Please go back to the page and send it again.",
        {
          status: 400,
          statusText: "Bad Request",
        },
      );
  }
}

export default function Account() {
  const account = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errorsFor = (intent: Intent) =>
    result?.intent === intent ? result.errors : {};
  const doneFor = (intent: Intent) =>
    result?.intent === intent && result.done ? (
      <p className="form-message published" role="status">
        {result.done}
      </p>
    ) : null;
  return (
    <section className="narrow" aria-labelledby="account-title">
      <h1 id="account-title">Your account</h1>
      <p>
        Signed in as {account.email}
        {account.emailConfirmed ? "" : " (not confirmed yet)"}. Your email is
        never shown to anyone.
      </p>

      <h2 id="name-title">Your name</h2>
      <Form method="post" className="comment-form" aria-labelledby="name-title">
        <input type="hidden" name="intent" value="name" />
        {doneFor("name")}
        <Field
          id="displayName"
          name="displayName"
          maxLength={DISPLAY_NAME_MAX}
          label="Name shown on your comments"
          autoComplete="name"
          required
          defaultValue={
            result?.intent === "name" && result.displayName !== undefined
              ? result.displayName
              : account.displayName
          }
          error={errorsFor("name").displayName}
        />
        <button type="submit">Save name</button>
      </Form>

      <h2 id="email-title">Your email</h2>
      <Form
        method="post"
        className="comment-form"
        aria-labelledby="email-title"
      >
        <input type="hidden" name="intent" value="email" />
        {doneFor("email")}
        <Field
          id="newEmail"
          name="email"
          maxLength={EMAIL_MAX}
          label="New email"
          type="email"
          autoComplete="email"
          required
          defaultValue={result?.intent === "email" ? result.email : undefined}
          error={errorsFor("email").email}
        />
        <Field
          id="emailPassword"
          name="currentPassword"
          maxLength={PASSWORD_MAX}
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          error={errorsFor("email").currentPassword}
        />
        <button type="submit">Change email</button>
        <MailFilesNote show={account.mailToFiles} />
      </Form>

      <h2 id="password-title">Your password</h2>
      <Form
        method="post"
        className="comment-form"
        aria-labelledby="password-title"
      >
        <input type="hidden" name="intent" value="password" />
        {doneFor("password")}
        <Field
          id="currentPassword"
          name="currentPassword"
          maxLength={PASSWORD_MAX}
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          error={errorsFor("password").currentPassword}
        />
        <Field
          id="password"
          name="password"
          maxLength={PASSWORD_MAX}
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          hint={`At least ${PASSWORD_MIN} characters. Every other browser is signed out.`}
          error={errorsFor("password").password}
        />
        <button type="submit">Change password</button>
      </Form>

      {account.alertSetting ? (
        <>
          <h2 id="alerts-title">Alerts about held comments</h2>
          <Form
            method="post"
            className="comment-form"
            aria-labelledby="alerts-title"
          >
            <input type="hidden" name="intent" value="alerts" />
            {doneFor("alerts")}
            <Field
              id="alert-setting"
              label="Email me about held and reported comments"
              hint="Each alert has Approve, Reject and Spam links, each asking you to confirm. Reminders come when comments have waited long (a day, unless the site chose otherwise). None stops both."
              error={errorsFor("alerts").alertSetting}
              control={(props) => (
                <select
                  {...props}
                  name="alertSetting"
                  defaultValue={account.alertSetting ?? undefined}
                >
                  {ALERT_SETTINGS.map((setting) => (
                    <option key={setting} value={setting}>
                      {ALERT_SETTING_LABELS[setting]}
                    </option>
                  ))}
                </select>
              )}
            />
            <button type="submit">Save alerts</button>
          </Form>
        </>
      ) : null}

      <h2 id="sessions-title">Signed in elsewhere?</h2>
      <Form method="post" aria-labelledby="sessions-title">
        <input type="hidden" name="intent" value="sign-out-everywhere" />
        <p>Signs you out of every browser, this one included.</p>
        <button type="submit">Sign out everywhere</button>
      </Form>

      <h2 id="data-title">Your data</h2>
      <p>
        <a href="/account/data.json" download>
          Download my data
        </a>{" "}
        (your account, your comments and your reports, as JSON).
      </p>

      <h2 id="delete-title">Delete your account</h2>
      <Form
        method="post"
        className="comment-form"
        aria-labelledby="delete-title"
      >
        <input type="hidden" name="intent" value="delete" />
        <p>
          Your account goes for good. Your comments lose their text and your
          name: where others replied, &quot;This comment was deleted by its
          author&quot; stays so the replies still make sense.
        </p>
        <Field
          id="deletePassword"
          name="currentPassword"
          maxLength={PASSWORD_MAX}
          label="Your password, to confirm"
          type="password"
          autoComplete="current-password"
          required
          error={errorsFor("delete").currentPassword}
        />
        <button type="submit" className="danger">
          Delete my account
        </button>
      </Form>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Your account", path: "/account" });
