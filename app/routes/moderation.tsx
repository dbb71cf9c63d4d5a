import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  NavLink,
  Outlet,
  useLoaderData,
  useLocation,
} from "@remix-run/react";
import { hasPermission } from "~/domain/permissions";
import {
  parseUndoTicket,
  undoWindowOpen,
  UNDO_LOGGED,
  UNDO_WINDOW_MINUTES,
} from "~/domain/undo";
import { readNotice, readSignedParam } from "~/platform/http.server";
import { MODERATION_ACTION_PATH } from "~/ui/moderation-buttons";
import { pageMeta } from "~/domain/meta";
import { requireDesk } from "~/features/accounts/desk.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user } = await requireDesk(request);
  const search = new URL(request.url).searchParams;
  const value = readSignedParam(search, "undo");
  const ticket = parseUndoTicket(value);
  const undoable =
    ticket !== null && undoWindowOpen(new Date(ticket.actedAt), new Date());
  return {
    canEditSettings: hasPermission(user.role, "editSettings"),
    notice: readNotice(request),
    // The Undo a Reject, Spam or Remove offers for a few minutes (decision 054).
    undo:
      undoable && value !== null
        ? {
            value,
            key: search.get("undoKey") ?? "",
            action: ticket.action,
            until: new Date(ticket.actedAt + UNDO_WINDOW_MINUTES * 60_000),
          }
        : null,
  };
}

const UNDO_WHAT = {
  reject: "the rejection",
  spam: "the spam marking",
  remove: "the removal",
} as const satisfies Record<keyof typeof UNDO_LOGGED, string>;

/** The moderation desk's frame: its sections, and the notice an action left. */
export default function ModerationDesk() {
  const { canEditSettings, notice, undo } = useLoaderData<typeof loader>();
  const location = useLocation();
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
      {notice && undo ? (
        <Form
          method="post"
          action={MODERATION_ACTION_PATH}
          className="undo-form"
        >
          <input type="hidden" name="intent" value="undo" />
          <input type="hidden" name="undo" value={undo.value} />
          <input type="hidden" name="undoKey" value={undo.key} />
          <input
            type="hidden"
            name="redirectTo"
            value={location.pathname + location.search}
          />
          <button type="submit" className="secondary">
            Undo
            <span className="visually-hidden"> {UNDO_WHAT[undo.action]}</span>
          </button>{" "}
          <span className="meta">
            offered until{" "}
            <time dateTime={new Date(undo.until).toISOString()}>
              {new Date(undo.until).toISOString().slice(11, 16)} UTC
            </time>
          </span>
        </Form>
      ) : null}
      <Outlet />
    </div>
  );
}

export const meta: MetaFunction = ({ matches, location }) =>
  pageMeta(matches, { title: "Moderation", path: location.pathname });
