import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { linkPageHeaders } from "~/features/accounts/link-page.server";
import {
  followedBy,
  readUnsubscribeToken,
  stopSubscriptions,
} from "~/features/notify/unsubscribe.server";
import { pageMeta } from "~/domain/meta";
import { db } from "~/platform/db.server";
import { notFound, readForm } from "~/platform/http.server";

export const headers = linkPageHeaders;

const NOT_OURS =
  "This link is not one this site made. Use the link at the foot of one of its emails.";

/** What the address of the link follows: every kind, each with its own button. */
export function loader({ params }: LoaderFunctionArgs) {
  const target = readUnsubscribeToken(params.token);
  if (!target) throw notFound(NOT_OURS);
  return {
    items: followedBy(db(), target.addressKey).map(({ id, label }) => ({
      id,
      label,
    })),
  };
}

const stopSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("stop"),
    subscriptionId: z.coerce.number().int().positive(),
  }),
  z.object({ intent: z.literal("stop-all") }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  if (!readUnsubscribeToken(params.token)) throw notFound(NOT_OURS);
  const form = await readForm(request);
  const parsed = stopSchema.safeParse({
    intent: form.get("intent"),
    subscriptionId: form.get("subscriptionId") ?? undefined,
  });
  if (!parsed.success)
    return data(
      { message: "Nothing was changed: choose what to stop.", ok: false },
      { status: 400 },
    );
  const stopped = stopSubscriptions(
    params.token,
    parsed.data.intent === "stop" ? parsed.data.subscriptionId : undefined,
  );
  return data({
    ok: true,
    message:
      stopped === 0
        ? "That had already stopped."
        : parsed.data.intent === "stop"
          ? "Stopped: no more emails about it."
          : "Stopped: this address gets no more emails from the site.",
  });
}

export default function Subscriptions() {
  const { items } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <section className="narrow" aria-labelledby="subscriptions-title">
      <h1 id="subscriptions-title">What this address follows</h1>
      {result ? (
        <p
          className={`form-message ${result.ok ? "published" : "invalid"}`}
          role={result.ok ? "status" : "alert"}
        >
          {result.message}
        </p>
      ) : null}
      {items.length === 0 ? (
        <p>This address follows nothing on the site: it gets no emails.</p>
      ) : (
        <>
          <ul className="subscriptions">
            {items.map((item) => (
              <li key={item.id}>
                {item.label.href ? (
                  <a href={item.label.href}>{item.label.text}</a>
                ) : (
                  item.label.text
                )}{" "}
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="stop" />
                  <input type="hidden" name="subscriptionId" value={item.id} />
                  <button type="submit" className="secondary">
                    Stop
                    <span className="visually-hidden"> {item.label.text}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
          <Form method="post">
            <input type="hidden" name="intent" value="stop-all" />
            <button type="submit">Stop everything</button>
          </Form>
        </>
      )}
    </section>
  );
}

export const meta: MetaFunction = ({ matches }) =>
  pageMeta(matches, { title: "What this address follows" });
