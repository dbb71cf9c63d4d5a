import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { hasPermission } from "~/domain/permissions";
import { readNotice } from "~/platform/http.server";
import { pageMeta } from "~/domain/meta";
import { requireDesk } from "~/features/accounts/desk.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireDesk(request);
  return {
    canEditSettings: hasPermission(user.role, "editSettings"),
    notice: readNotice(request),
  };
}

/** The moderation desk's frame: its sections, and the notice an action left. */
export default function ModerationDesk() {
  const { canEditSettings, notice } = useLoaderData<typeof loader>();
  return (
    <div className="desk">
      <h1 className="page-title">Moderation</h1>
      <nav aria-label="Moderation" className="desk-nav">
        <ul>
          <li>
            <NavLink to="/moderation" end>
              Queue
            </NavLink>
          </li>
          <li>
            <NavLink to="/moderation/reports">Reports</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/bans">Bans</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/members">Members</NavLink>
          </li>
          <li>
            <NavLink to="/moderation/log">Log</NavLink>
          </li>
          {canEditSettings ? (
            <li>
              <NavLink to="/moderation/settings">Settings</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      {notice ? (
        <p className="form-message published" role="status">
          {notice}
        </p>
      ) : null}
      <Outlet />
    </div>
  );
}

export const meta: MetaFunction = ({ matches, location }) =>
  pageMeta(matches, { title: "Moderation", path: location.pathname });
