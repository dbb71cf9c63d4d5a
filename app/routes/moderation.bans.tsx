import { requireDesk } from "~/features/accounts/desk.server";
import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DeskCommentCard } from "~/ui/desk-comment";
import { Field } from "~/ui/field";
import {
  BAN_DAYS_DIGITS,
  BAN_KIND_LABELS,
  banMadeBy,
  banStanding,
  BAN_REASON_MAX,
  BAN_SCOPE_LABELS,
  BAN_SCOPES,
  banEnd,
  DEFAULT_BAN_SCOPES,
  banFormSchema,
} from "~/domain/ban-form";
import {
  banScopesOf,
  bansForComments,
  bansForEmail,
} from "~/features/moderation/ban-rows.server";
import {
  createBans,
  liftBan,
  listBans,
  type NewBan,
} from "~/features/moderation/ban.server";
import {
  EMAIL_MAX,
  emailSchema,
  fieldErrors,
  type FieldErrors,
} from "~/domain/account-forms";
import { findDeskComment } from "~/features/moderation/moderation.server";
import { findUserByEmail, findUserById } from "~/features/accounts/user.server";
import { readForm, withNotice } from "~/platform/http.server";
import { endAllSessions } from "~/features/accounts/session.server";

const idParam = z.coerce.number().int().positive().nullable().catch(null);

/** The comments whose posters are to be banned: `comment` from a link, `commentId` from the queue's bulk form. */
function commentIdsOf(params: URLSearchParams | FormData): number[] {
  const ids = [...params.getAll("comment"), ...params.getAll("commentId")]
    .map((value) => idParam.parse(value))
    .filter((id): id is number => id !== null);
  return [...new Set(ids)].slice(0, 100);
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request);
  const comments = commentIdsOf(new URL(request.url).searchParams)
    .map(findDeskComment)
    .filter((comment) => comment !== null);
  const now = new Date();
  return {
    bans: listBans(now).map((ban) => ({
      id: ban.id,
      label: ban.label,
      kind: BAN_KIND_LABELS[ban.kind],
      reason: ban.reason,
      made: banMadeBy(ban.madeBy, ban.createdAt),
      standing: banStanding(ban, now),
      active: ban.active,
    })),
    comments: comments.map((comment) => ({ ...comment, keys: undefined })),
    scopes: BAN_SCOPES.filter((scope) =>
      comments.some((comment) => banScopesOf(comment).includes(scope)),
    ),
  };
}

type BanActionResult = {
  intent: string;
  errors: FieldErrors<string>;
  values: Record<string, string>;
};

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = await requireDesk(request);
  const form = await readForm(request);
  const now = new Date();
  const text = (key: string) => String(form.get(key) ?? "");
  const values = {
    reason: text("reason"),
    days: text("days"),
    email: text("email"),
  };
  const invalid = (errors: FieldErrors<string>, status = 400) =>
    data<BanActionResult>(
      { intent: text("intent"), errors, values },
      { status },
    );

  if (form.get("intent") === "lift") {
    const banId = idParam.parse(form.get("banId"));
    const lifted = banId !== null && liftBan(banId, actor, now);
    return redirect(
      withNotice(
        "/moderation/bans",
        lifted ? "The ban was lifted." : "That ban had already ended.",
      ),
    );
  }

  const parsed = banFormSchema.safeParse({
    reason: form.get("reason"),
    days: form.get("days") ?? undefined,
  });
  if (!parsed.success) return invalid(fieldErrors(parsed.error.issues));
  const expiresAt = banEnd(parsed.data.days, now);
  const terms = { reason: parsed.data.reason, expiresAt };
  let newBans: NewBan[];

  if (form.get("intent") === "ban-comment") {
    const comments = commentIdsOf(form)
      .map(findDeskComment)
      .filter((comment) => comment !== null);
    if (comments.length === 0)
      return invalid({ scopes: "Those comments no longer exist." });
    const scopes = BAN_SCOPES.filter((scope) =>
      form.getAll("scope").includes(scope),
    );
    if (scopes.length === 0)
      return invalid({ scopes: "Choose at least one thing to ban." });
    newBans = bansForComments(comments, scopes, terms);
  } else if (form.get("intent") === "ban-email") {
    const parsedEmail = emailSchema.safeParse(values.email);
    if (!parsedEmail.success)
      return invalid({ email: "Give the email address to ban." });
    const email = parsedEmail.data;
    newBans = bansForEmail(email, findUserByEmail(email) ?? null, terms);
  } else {
    return invalid({ scopes: "The form was sent without a valid action." });
  }
  if (newBans.length === 0) {
    return invalid({
      scopes: "None of the chosen things can be banned for this comment.",
    });
  }
  if (createBans(newBans, actor, now).kind === "outranked") {
    return invalid(
      {
        [form.get("intent") === "ban-email" ? "email" : "scopes"]:
          "You cannot ban someone whose role is the same as yours or higher: ask an admin.",
      },
      403,
    );
  }
  for (const ban of newBans) {
    if (ban.kind === "user" && findUserById(Number(ban.value)))
      endAllSessions(Number(ban.value));
  }
  return redirect(
    withNotice(
      "/moderation/bans",
      `Banned: ${newBans.map((ban) => ban.kind).join(", ")}.`,
    ),
  );
}

export default function Bans() {
  const { bans, comments, scopes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Each form shows only the problems of its own submission.
  const errorsOf = (intent: string) =>
    result?.intent === intent ? result.errors : {};
  const valuesOf = (intent: string) =>
    result?.intent === intent ? result.values : undefined;
  return (
    <section aria-labelledby="bans-title">
      <h2 id="bans-title">Bans</h2>
      {comments.length > 0 ? (
        <Form
          method="post"
          className="comment-form"
          aria-labelledby="ban-poster-title"
        >
          <h3 id="ban-poster-title">
            {comments.length === 1
              ? "Ban the poster of this comment"
              : `Ban the posters of these ${comments.length} comments`}
          </h3>
          {comments.map((comment) => (
            <div key={comment.id}>
              <DeskCommentCard comment={comment} />
              <input type="hidden" name="commentId" value={comment.id} />
            </div>
          ))}
          <input type="hidden" name="intent" value="ban-comment" />
          <fieldset
            aria-describedby={
              errorsOf("ban-comment").scopes ? "scopes-error" : undefined
            }
          >
            <legend>Ban</legend>
            {scopes.map((scope) => (
              <label key={scope} className="choice">
                <input
                  type="checkbox"
                  name="scope"
                  value={scope}
                  defaultChecked={DEFAULT_BAN_SCOPES.includes(scope)}
                />{" "}
                {BAN_SCOPE_LABELS[scope]}
              </label>
            ))}
            {errorsOf("ban-comment").scopes ? (
              <p className="field-error" id="scopes-error">
                {errorsOf("ban-comment").scopes}
              </p>
            ) : null}
          </fieldset>
          <BanTerms
            errors={errorsOf("ban-comment")}
            values={valuesOf("ban-comment")}
          />
          <button type="submit">Ban</button>
        </Form>
      ) : null}
      <Form
        method="post"
        className="comment-form"
        aria-labelledby="ban-email-title"
      >
        <h3 id="ban-email-title">Ban by email</h3>
        <input type="hidden" name="intent" value="ban-email" />
        <Field
          id="ban-email"
          label="Email address"
          name="email"
          type="email"
          maxLength={EMAIL_MAX}
          defaultValue={valuesOf("ban-email")?.email}
          error={errorsOf("ban-email").email}
        />
        <BanTerms
          errors={errorsOf("ban-email")}
          values={valuesOf("ban-email")}
          idPrefix="email-"
        />
        <button type="submit">Ban</button>
      </Form>
      <h3>All bans</h3>
      {bans.length === 0 ? (
        <p>No one is banned.</p>
      ) : (
        <table className="desk-table stacking-table">
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">Banned</th>
              <th scope="col">Reason</th>
              <th scope="col">Made by</th>
              <th scope="col">Ends</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {bans.map((ban) => (
              <tr key={ban.id}>
                <td data-label="Who">{ban.label}</td>
                <td data-label="Banned">{ban.kind}</td>
                <td data-label="Reason">{ban.reason}</td>
                <td data-label="Made by">{ban.made}</td>
                <td data-label="Ends">{ban.standing}</td>
                <td>
                  {ban.active ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="lift" />
                      <input type="hidden" name="banId" value={ban.id} />
                      <button type="submit" className="secondary">
                        Lift
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function BanTerms({
  errors,
  values,
  idPrefix = "",
}: {
  errors: FieldErrors<string>;
  values: Record<string, string> | undefined;
  idPrefix?: string;
}) {
  return (
    <>
      <Field
        id={`${idPrefix}ban-reason`}
        label="Reason (shown to the poster)"
        name="reason"
        required
        maxLength={BAN_REASON_MAX}
        defaultValue={values?.reason}
        error={errors.reason}
      />
      <Field
        id={`${idPrefix}ban-days`}
        label="Days (leave empty for no end)"
        name="days"
        inputMode="numeric"
        maxLength={BAN_DAYS_DIGITS}
        defaultValue={values?.days}
        error={errors.days}
      />
    </>
  );
}
