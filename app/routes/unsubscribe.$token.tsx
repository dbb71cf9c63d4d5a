import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { linkPageHeaders } from "~/features/accounts/link-page.server";
import {
  readUnsubscribeLink,
  stopSubscriptions,
  unsubscribeToken,
} from "~/features/notify/unsubscribe.server";
import { pageMeta } from "~/domain/meta";
import { db } from "~/platform/db.server";
import { notFound } from "~/platform/http.server";

export const headers = linkPageHeaders;

const NOT_OURS =
  "This unsubscribe link is not one this site made. Use the link at the foot of one of its emails.";

/**
 * Opening the link shows what it stops and one button: mail scanners open links, and must not
 * unsubscribe anyone. A mail client's own unsubscribe button POSTs here (RFC 8058).
 */
export function loader({ params }: LoaderFunctionArgs) {
  const link = readUnsubscribeLink(db(), params.token);
  if (!link) throw notFound(NOT_OURS);
  return {
    items: link.items.map((item) => item.label.text),
    all: link.target.subscriptionId === "all",
    pagePath: `/subscriptions/${unsubscribeToken(link.target.addressKey, "all")}`,
  };
}

/**
 * Stops at once, without a page in between: a mail client's one-click POST carries no cookie,
 * often no Origin (the pipeline lets this path through, see docs/notifications.md), and its body
 * (List-Unsubscribe=One-Click) is not read: the signed link alone says what to stop.
 */
export function action({ params }: ActionFunctionArgs) {
  const stopped = stopSubscriptions(params.token);
  if (stopped === null) throw notFound(NOT_OURS);
  return data({ stopped });
}

export default function Unsubscribe() {
  const { items, all, pagePath } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="unsubscribe-title">
      <h1 id="unsubscribe-title">Stop these emails</h1>
      {result ? (
        <p className="form-message published" role="status">
          Done: this address gets no more of these emails.
        </p>
      ) : items.length === 0 ? (
        <p className="form-message published" role="status">
          This address already gets none of these emails.
        </p>
      ) : (
        <Form method="post">
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <p>
            {all
              ? "Stop every email this address gets from the site:"
              : "Stop these emails:"}
          </p>
          <ul>
            {items.map((item, index) => (
              <li key={index}>{item}</li>
            ))}
          </ul>
          <button type="submit">{all ? "Stop them all" : "Stop them"}</button>
        </Form>
      )}
      <p>
        <Link to={pagePath}>See everything this address follows</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "Stop these emails" });
