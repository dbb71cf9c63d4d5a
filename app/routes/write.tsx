import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { pageMeta } from "~/domain/meta";
import { requireDesk } from "~/features/accounts/desk.server";
import { readNotice } from "~/platform/http.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireDesk(request, "writePosts");
  return { notice: readNotice(request) };
}

/** The writing desk's frame: its sections, and the notice a save left. */
export default function WritingDesk() {
  const { notice } = useLoaderData<typeof loader>();
  return (
    <div className="desk writing-desk">
      <h1 className="page-title">Writing</h1>
      <nav aria-label="Writing" className="desk-nav">
        <ul>
          <li>
            <NavLink to="/write" end>
              Posts
            </NavLink>
          </li>
          <li>
            <NavLink to="/write/new">New post</NavLink>
          </li>
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
  pageMeta(matches, { title: "Writing", path: location.pathname });
