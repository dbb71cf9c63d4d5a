import {
  data,
  type ActionFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import {
  linkPageHeaders,
  linkPageLoader,
} from "~/features/accounts/link-page.server";
import { confirmAddress } from "~/features/notify/address-confirmation.server";
import { wakeMailWorker } from "~/features/mail/worker.server";
import { pageMeta } from "~/domain/meta";

export const headers = linkPageHeaders;

// Following the link only shows the button (a mail scanner that opens links confirms nothing).
export const loader = linkPageLoader("confirm-address");

const UNUSABLE =
  "This link has already been used or has expired. Ask for notices again to have a new one sent.";

export function action({ params }: ActionFunctionArgs) {
  const confirmed = confirmAddress(params.token ?? "", new Date()) !== null;
  if (!confirmed) return data({ confirmed, error: UNUSABLE }, { status: 410 });
  wakeMailWorker();
  return data({ confirmed, error: undefined });
}

export default function ConfirmAddress() {
  const { usable } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const error = result?.error ?? (result || usable ? undefined : UNUSABLE);
  return (
    <section className="narrow" aria-labelledby="confirm-title">
      <h1 id="confirm-title">Confirm your email address</h1>
      {error ? (
        <p className="form-message invalid" role="alert">
          {error}
        </p>
      ) : result?.confirmed ? (
        <p className="form-message published" role="status">
          Your address is confirmed. The site will send you the notices you
          asked for; each one has a link to stop them.
        </p>
      ) : (
        <Form method="post">
          <p>
            Confirm that this address is yours, so the site may send you the
            notices you asked for.
          </p>
          <button type="submit">Confirm my address</button>
        </Form>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, {
    title: "Confirm your email address",
    path: "/confirm-address",
  });
