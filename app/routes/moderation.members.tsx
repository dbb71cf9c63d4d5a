import { requireDesk } from "~/features/accounts/desk.server";
import {
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { hasPermission, mayActOn, ROLE_NAMES } from "~/domain/permissions";
import { memberChangeOutcome } from "~/domain/member-changes";
import {
  listUsers,
  setRole,
  setVerified,
} from "~/features/accounts/user.server";
import { readForm, withNotice } from "~/platform/http.server";
import { endAllSessions } from "~/features/accounts/session.server";

/** Longer input is cut: no name or email is longer, and it bounds the search's cost. */
const MEMBER_SEARCH_LIMIT = 254;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireDesk(request, "verifyMembers");
  const search =
    new URL(request.url).searchParams.get("q")?.slice(0, MEMBER_SEARCH_LIMIT) ??
    null;
  const canSeeEmails = hasPermission(user.role, "seeMemberEmails");
  return {
    // Someone of the viewer's rank or higher is shown, never offered a change.
    members: listUsers(search, { withEmails: canSeeEmails }).map((member) => ({
      ...member,
      changeable: mayActOn(user.role, member.role),
    })),
    search: search ?? "",
    canSeeEmails,
    canAssignRoles: hasPermission(user.role, "assignRoles"),
  };
}

const memberAction = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("verify"),
    userId: z.coerce.number().int().positive(),
    verified: z.enum(["true", "false"]),
  }),
  z.object({
    intent: z.literal("role"),
    userId: z.coerce.number().int().positive(),
    role: z.enum(ROLE_NAMES),
  }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const parsed = memberAction.safeParse(
    Object.fromEntries(await readForm(request)),
  );
  // Changing roles needs more than verifying: each intent checks its own permission.
  const { user, actor } = await requireDesk(
    request,
    parsed.success && parsed.data.intent === "role"
      ? "assignRoles"
      : "verifyMembers",
  );
  if (!parsed.success)
    return redirect(
      withNotice(
        "/moderation/members",
        "Nothing was changed: the form was incomplete.",
      ),
    );
  const now = new Date();
  const change = parsed.data;
  if (change.intent === "verify") {
    const verified = change.verified === "true";
    const result = setVerified(change.userId, verified, actor, now);
    return redirect(
      withNotice(
        "/moderation/members",
        memberChangeOutcome(result, { intent: "verify", verified }),
      ),
    );
  }
  if (change.userId === user.id) {
    return redirect(
      withNotice(
        "/moderation/members",
        "You cannot change your own role: ask another admin.",
      ),
    );
  }
  const result = setRole(change.userId, change.role, actor, now);
  // Their sessions carry the old role's trust: make them sign in again.
  if (result.kind === "changed") endAllSessions(change.userId);
  return redirect(
    withNotice(
      "/moderation/members",
      memberChangeOutcome(result, { intent: "role", role: change.role }),
    ),
  );
}

export default function Members() {
  const { members, search, canSeeEmails, canAssignRoles } =
    useLoaderData<typeof loader>();
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <Form method="get" className="filters" role="search">
        <label>
          Find a member {canSeeEmails ? "by name or email" : "by name"}{" "}
          <input name="q" type="search" defaultValue={search} />
        </label>
        <button type="submit" className="secondary">
          Search
        </button>
      </Form>
      <table className="desk-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            {canSeeEmails ? <th scope="col">Email</th> : null}
            <th scope="col">Resident</th>
            <th scope="col">Role</th>
          </tr>
        </thead>
        <tbody>
          {members.map((member) => (
            <tr key={member.id}>
              <td>{member.displayName}</td>
              {canSeeEmails ? <td>{member.email}</td> : null}
              <td>
                {member.verified ? "Verified " : null}
                {member.changeable ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="verify" />
                    <input type="hidden" name="userId" value={member.id} />
                    <input
                      type="hidden"
                      name="verified"
                      value={member.verified ? "false" : "true"}
                    />
                    <button type="submit" className="secondary">
                      {member.verified ? "Unverify" : "Verify"}
                      <span className="visually-hidden">
                        {" "}
                        {member.displayName}
                      </span>
                    </button>
                  </Form>
                ) : null}
              </td>
              <td>
                {canAssignRoles && member.changeable ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={member.id} />
                    <label>
                      <span className="visually-hidden">
                        Role of {member.displayName}
                      </span>
                      <select name="role" defaultValue={member.role}>
                        {ROLE_NAMES.map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </select>
                    </label>{" "}
                    <button type="submit" className="secondary">
                      Set
                    </button>
                  </Form>
                ) : (
                  member.role
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        To ban a member, use <Link to="/moderation/bans">Bans</Link> from one of
        their comments, or with their email.
      </p>
    </section>
  );
}
