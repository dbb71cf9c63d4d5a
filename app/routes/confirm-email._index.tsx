import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { resendConfirmation } from "~/features/accounts/email-confirmation.server";
import { MailFilesNote } from "~/ui/mail-files-note";
import { describeDuration } from "~/domain/dates";
import { mailRequestRetryAfter } from "~/features/mail/request-limit.server";
import { writesMailToFiles } from "~/features/mail/transport.server";
import { pageMeta } from "~/domain/meta";
import { requireUser } from "~/features/accounts/session.server";

// A member who lost the first message can have three more an hour.
const RESENDS_PER_HOUR = 3;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return {
    confirmed: user.emailConfirmed,
    mailToFiles: writesMailToFiles(),
  };
}

type ResendResult = { sent: boolean; message: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (user.emailConfirmed)
    return data<ResendResult>({
      sent: false,
      message: "Your email is already confirmed.",
    });
  const now = new Date();
  const wait = mailRequestRetryAfter(
    "confirm-email",
    `user:${user.id}`,
    RESENDS_PER_HOUR,
    now,
  );
  if (wait !== null) {
    return data<ResendResult>(
      {
        sent: false,
        message: `We have sent several links already. Please try again in ${describeDuration(Math.ceil(wait / 60) * 60)}.`,
      },
      { status: 429, headers: { "Retry-After": String(wait) } },
    );
  }
  resendConfirmation(user.id, now);
  return data<ResendResult>({
    sent: true,
    message:
      "We have sent you a new link. It may take a few minutes to arrive.",
  });
}

export default function ConfirmEmailHelp() {
  const { confirmed, mailToFiles } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title">Confirm your email</h1>
      {confirmed ? (
        <p>Your email is confirmed: your account is complete.</p>
      ) : (
        <>
          <p>
            To finish creating your account, follow the link in the message we
            sent to your email when you signed up. Until then, your comments are
            treated as a guest&apos;s.
          </p>
          {result ? (
            <p
              className={`form-message ${result.sent ? "published" : "invalid"}`}
              role={result.sent ? "status" : "alert"}
            >
              {result.message}
            </p>
          ) : null}
          <Form method="post">
            <button type="submit">Send me a new link</button>
          </Form>
          <MailFilesNote show={mailToFiles} />
        </>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Confirm your email", path: "/confirm-email" });
