import { useFetcher } from "@remix-run/react";
import { useId } from "react";
import { EMAIL_LIMIT } from "~/domain/comment-fields";
import {
  followWords,
  POST_FOLLOW_CADENCE_LABELS,
  POST_FOLLOW_CADENCES,
  type FollowActionResult,
} from "~/domain/follow-mail";
import { Field } from "~/ui/field";

/**
 * Follow a discussion, an area or a tag by email. A member follows with one click (their
 * account's address); a guest types an address, which is sent a link to confirm it first. With
 * JavaScript it posts through a fetcher; without, it is a plain form whose answer comes back
 * as the page's action data (`result`).
 */
export function FollowForm({
  kind,
  action,
  member,
  state,
  result,
}: {
  kind: "discussion" | "area" | "tag";
  /** The page's own address: its action takes `intent=follow`. */
  action: string;
  member: boolean;
  /** A member who follows it already is shown so, with the page to stop it. */
  state: { following: boolean; manageHref: string | null };
  result: FollowActionResult | undefined;
}) {
  const fetcher = useFetcher<FollowActionResult>({ key: `follow-${kind}` });
  const current = fetcher.data ?? result;
  const id = useId();
  const words = followWords(kind);
  const errors = current?.errors ?? {};
  const busy = fetcher.state !== "idle";
  if (state.following && current === undefined)
    return (
      <p className="follow-form" id="follow">
        You follow {words.followed} by email.{" "}
        {state.manageHref ? (
          <a href={state.manageHref}>See or stop what you follow</a>
        ) : null}
      </p>
    );
  return (
    <fetcher.Form
      method="post"
      action={action}
      className="follow-form"
      id="follow"
      aria-label={words.button}
    >
      <input type="hidden" name="intent" value="follow" />
      {current ? (
        <p
          className={`form-message ${current.status === "invalid" || current.status === "limited" ? "rejected" : "published"}`}
          role={current.status === "invalid" ? "alert" : "status"}
        >
          {current.message}
        </p>
      ) : null}
      {member ? null : (
        <Field
          id={`${id}-email`}
          label="Your email"
          hint="Never shown. We send a link to confirm it before anything else."
          error={errors.email}
          name="email"
          type="email"
          autoComplete="email"
          required
          maxLength={EMAIL_LIMIT}
          defaultValue={current?.values.email}
        />
      )}
      {kind === "discussion" ? (
        <p className="hint">New comments, at most one email an hour.</p>
      ) : (
        <Field
          id={`${id}-cadence`}
          label="How often"
          error={errors.cadence}
          control={(props) => (
            <select
              {...props}
              name="cadence"
              defaultValue={current?.values.cadence || "immediate"}
            >
              {POST_FOLLOW_CADENCES.map((cadence) => (
                <option key={cadence} value={cadence}>
                  {POST_FOLLOW_CADENCE_LABELS[cadence]}
                </option>
              ))}
            </select>
          )}
        />
      )}
      <button type="submit" className="secondary" disabled={busy}>
        {busy ? "Following…" : words.button}
      </button>
    </fetcher.Form>
  );
}
