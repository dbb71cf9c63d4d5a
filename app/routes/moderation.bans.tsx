import {
  data,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DeskCommentCard } from "~/components/desk-comment";
import {
  BAN_SCOPE_LABELS,
  BAN_SCOPES,
  banEnd,
  banFormSchema,
  type BanScope,
} from "~/domain/ban-form";
import {
  createBans,
  liftBan,
  listBans,
  type NewBan,
} from "~/models/ban.server";
import { findDeskComment } from "~/models/moderation.server";
import { findUserByEmail, findUserById } from "~/models/user.server";
import { withNotice } from "~/utils/http.server";
import { emailKey } from "~/utils/secrets.server";
import { endAllSessions, requirePermission } from "~/utils/session.server";

const idParam = z.coerce.number().int().positive().nullable().catch(null);

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "moderate");
  const search = new URL(request.url).searchParams;
  const commentId = idParam.parse(search.get("comment"));
  const comment = commentId === null ? null : findDeskComment(commentId);
  return {
    bans: listBans(new Date()),
    comment: comment
      ? {
          card: { ...comment, keys: undefined },
          scopes: BAN_SCOPES.filter((scope) =>
            scope === "account"
              ? comment.userId !== null
              : scope === "email"
                ? comment.keys.emailKey !== null
                : scope === "browser"
                  ? comment.keys.guestKey !== null
                  : true,
          ),
        }
      : null,
  };
}

type BanActionResult = {
  intent: string;
  errors: Record<string, string>;
  values: Record<string, string>;
};

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "moderate");
  const actor = { name: user.displayName, userId: user.id };
  const form = await request.formData();
  const now = new Date();
  const text = (key: string) => String(form.get(key) ?? "");
  const values = {
    reason: text("reason"),
    days: text("days"),
    email: text("email"),
  };
  const invalid = (errors: Record<string, string>) =>
    data<BanActionResult>(
      { intent: text("intent"), errors, values },
      { status: 400 },
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
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues)
      errors[String(issue.path[0])] ??= issue.message;
    return invalid(errors);
  }
  const expiresAt = banEnd(parsed.data.days, now);
  const base = { reason: parsed.data.reason, expiresAt };
  const newBans: NewBan[] = [];

  if (form.get("intent") === "ban-comment") {
    const comment = findDeskComment(idParam.parse(form.get("commentId")) ?? 0);
    if (!comment) return invalid({ scopes: "That comment no longer exists." });
    const scopes = form
      .getAll("scope")
      .filter((scope): scope is BanScope =>
        BAN_SCOPES.includes(scope as BanScope),
      );
    if (scopes.length === 0)
      return invalid({ scopes: "Choose at least one thing to ban." });
    const label = `${comment.authorName ?? "Anonymous"}, comment on “${comment.post.title}”`;
    for (const scope of scopes) {
      if (scope === "account" && comment.userId !== null)
        newBans.push({
          ...base,
          kind: "user",
          value: String(comment.userId),
          label,
        });
      if (scope === "email" && comment.keys.emailKey)
        newBans.push({
          ...base,
          kind: "email",
          value: comment.keys.emailKey,
          label,
        });
      if (scope === "address")
        newBans.push({
          ...base,
          kind: "address",
          value: comment.keys.addressKey,
          label,
        });
      if (scope === "browser" && comment.keys.guestKey)
        newBans.push({
          ...base,
          kind: "guest",
          value: comment.keys.guestKey,
          label,
        });
    }
  } else if (form.get("intent") === "ban-email") {
    const email = values.email.trim().toLowerCase();
    if (!z.email().safeParse(email).success)
      return invalid({ email: "Give the email address to ban." });
    const member = findUserByEmail(email);
    // A member's email bans their account too; the email itself is kept only as a key.
    if (member)
      newBans.push({
        ...base,
        kind: "user",
        value: String(member.id),
        label: `member ${member.displayName}`,
      });
    newBans.push({
      ...base,
      kind: "email",
      value: emailKey(email),
      label: member ? `email of ${member.displayName}` : "a guest's email",
    });
  } else {
    return invalid({ scopes: "The form was sent without a valid action." });
  }
  if (newBans.length === 0) {
    return invalid({
      scopes: "None of the chosen things can be banned for this comment.",
    });
  }
  createBans(newBans, actor, now);
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
  const { bans, comment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Each form shows only the problems of its own submission.
  const errorsOf = (intent: string) =>
    result?.intent === intent ? result.errors : {};
  const valuesOf = (intent: string) =>
    result?.intent === intent ? result.values : undefined;
  return (
    <section aria-labelledby="bans-title">
      <h2 id="bans-title">Bans</h2>
      {comment ? (
        <Form
          method="post"
          className="comment-form"
          aria-labelledby="ban-poster-title"
        >
          <h3 id="ban-poster-title">Ban the poster of this comment</h3>
          <DeskCommentCard comment={comment.card} />
          <input type="hidden" name="intent" value="ban-comment" />
          <input type="hidden" name="commentId" value={comment.card.id} />
          <fieldset
            aria-describedby={
              errorsOf("ban-comment").scopes ? "scopes-error" : undefined
            }
          >
            <legend>Ban</legend>
            {comment.scopes.map((scope) => (
              <label key={scope} className="choice">
                <input
                  type="checkbox"
                  name="scope"
                  value={scope}
                  defaultChecked={scope !== "address"}
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
        <div className="field">
          <label htmlFor="ban-email">Email address</label>
          <input
            id="ban-email"
            name="email"
            type="email"
            defaultValue={valuesOf("ban-email")?.email}
            aria-invalid={errorsOf("ban-email").email ? true : undefined}
            aria-describedby={
              errorsOf("ban-email").email ? "ban-email-error" : undefined
            }
          />
          {errorsOf("ban-email").email ? (
            <p className="field-error" id="ban-email-error">
              {errorsOf("ban-email").email}
            </p>
          ) : null}
        </div>
        <BanTerms
          errors={errorsOf("ban-email")}
          values={valuesOf("ban-email")}
          idPrefix="email-"
        />
        <button type="submit">Ban</button>
      </Form>
      <h3>All bans</h3>
      {bans.length === 0 ? <p>No one is banned.</p> : null}
      <table className="desk-table">
        <thead>
          <tr>
            <th scope="col">Who</th>
            <th scope="col">By</th>
            <th scope="col">Reason</th>
            <th scope="col">Ends</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {bans.map((ban) => (
            <tr key={ban.id}>
              <td>{ban.label}</td>
              <td>{ban.kind}</td>
              <td>{ban.reason}</td>
              <td>
                {ban.liftedAt
                  ? "lifted"
                  : ban.expiresAt
                    ? ban.expiresAt.toISOString().slice(0, 10)
                    : "no end"}
              </td>
              <td>
                {ban.active ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="lift" />
                    <input type="hidden" name="banId" value={ban.id} />
                    <button type="submit" className="secondary">
                      Lift
                    </button>
                  </Form>
                ) : (
                  "ended"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function BanTerms({
  errors,
  values,
  idPrefix = "",
}: {
  errors: Record<string, string>;
  values: Record<string, string> | undefined;
  idPrefix?: string;
}) {
  return (
    <>
      <div className="field">
        <label htmlFor={`${idPrefix}ban-reason`}>
          Reason (shown to the poster)
        </label>
        <input
          id={`${idPrefix}ban-reason`}
          name="reason"
          required
          defaultValue={values?.reason}
          aria-invalid={errors.reason ? true : undefined}
          aria-describedby={
            errors.reason ? `${idPrefix}ban-reason-error` : undefined
          }
        />
        {errors.reason ? (
          <p className="field-error" id={`${idPrefix}ban-reason-error`}>
            {errors.reason}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}ban-days`}>
          Days (leave empty for no end)
        </label>
        <input
          id={`${idPrefix}ban-days`}
          name="days"
          inputMode="numeric"
          defaultValue={values?.days}
          aria-invalid={errors.days ? true : undefined}
          aria-describedby={
            errors.days ? `${idPrefix}ban-days-error` : undefined
          }
        />
        {errors.days ? (
          <p className="field-error" id={`${idPrefix}ban-days-error`}>
            {errors.days}
          </p>
        ) : null}
      </div>
    </>
  );
}
