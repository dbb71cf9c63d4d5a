import type {
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { DEFAULT_SITE_SETTINGS } from "~/domain/site-defaults";
import { hasPermission } from "~/domain/permissions";
import {
  pendingCount,
  reportedCount,
} from "~/features/moderation/pending-count.server";
import { getSiteSettings } from "~/features/posts/site-settings.server";
import { env } from "~/platform/env.server";
import { useFailedRequestId, useNonce } from "~/ui/render-context";
import { pageMeta } from "~/domain/meta";
import { getSessionUser } from "~/features/accounts/session.server";
import stylesHref from "~/styles/app.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getSessionUser(request);
  const moderator = hasPermission(user?.role, "moderate");
  return {
    site: getSiteSettings(),
    user: user
      ? { displayName: user.displayName, emailConfirmed: user.emailConfirmed }
      : null,
    // Editors and admins see the writing desk in the navigation.
    writer: hasPermission(user?.role, "writePosts"),
    pendingCount: moderator ? pendingCount() : null,
    // Reported comments below the threshold stay published, but a moderator should see them.
    reportedCount: moderator ? reportedCount() : null,
    // The public address (SITE_URL), for canonical and Open Graph URLs in pageMeta.
    siteUrl: env().SITE_URL,
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const site = data?.site ?? DEFAULT_SITE_SETTINGS;
  const user = data?.user ?? null;
  const pending = data?.pendingCount ?? null;
  const writer = data?.writer ?? false;
  const reported = data?.reportedCount ?? 0;
  const nonce = useNonce();
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <div className="wrap">
            <p className="site-name">
              <Link to="/">{site.name}</Link>
            </p>
            <p className="tagline">{site.tagline}</p>
            <nav aria-label="Site">
              <ul>
                <li>
                  <Link to="/">Latest</Link>
                </li>
                <li>
                  <Link to="/archive">Archive</Link>
                </li>
                {writer ? (
                  <li>
                    <Link to="/write">Write</Link>
                  </li>
                ) : null}
                {pending !== null ? (
                  <li>
                    <Link to="/moderation">
                      Moderation <span className="count">{pending}</span>
                      <span className="visually-hidden"> waiting</span>
                    </Link>
                    {reported > 0 ? (
                      <>
                        {" "}
                        <Link
                          to="/moderation/reports"
                          className="reported-count"
                        >
                          {reported} reported
                        </Link>
                      </>
                    ) : null}
                  </li>
                ) : null}
                {user ? (
                  <li className="account">
                    <Link to="/account">{user.displayName}</Link>{" "}
                    <Form
                      method="post"
                      action="/sign-out"
                      className="inline-form"
                    >
                      <button type="submit" className="link-button">
                        Sign out
                      </button>
                    </Form>
                  </li>
                ) : (
                  <li>
                    <Link to="/sign-in">Sign in</Link>
                  </li>
                )}
                {/* Search: a plain GET form, so it works without JavaScript. */}
                <li className="header-search">
                  <Form
                    method="get"
                    action="/search"
                    role="search"
                    aria-label="Site search"
                  >
                    <label
                      htmlFor="header-search-q"
                      className="visually-hidden"
                    >
                      Search posts and comments
                    </label>
                    <input
                      id="header-search-q"
                      type="search"
                      name="q"
                      placeholder="Search"
                    />
                    <button type="submit" className="secondary">
                      Search
                    </button>
                  </Form>
                </li>
              </ul>
            </nav>
            {user && !user.emailConfirmed ? (
              <p className="account-notice" role="status">
                One step left: follow the link we emailed you to finish your
                account. <Link to="/confirm-email">Send it again</Link>
              </p>
            ) : null}
          </div>
          <p className="notice" role="note">
            {site.notice}
          </p>
        </header>
        <main id="main" className="wrap">
          {children}
        </main>
        <footer className="site-footer wrap">
          <p>
            {site.name} — a community notice board.{" "}
            <Link to="/transparency">How comments are moderated</Link>
          </p>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

/** The heading of the error page for `error`, also its title. */
function errorHeading(error: unknown): string {
  if (isRouteErrorResponse(error) && error.status === 403) return "Not allowed";
  if (isRouteErrorResponse(error) && error.status === 404)
    return "Page not found";
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return status >= 500
    ? "Something went wrong"
    : "This request could not be handled";
}

// Only an error page uses this: when the root's boundary shows, no other route's meta runs.
export const meta: MetaFunction<typeof loader> = ({ error, matches }) =>
  error === undefined ? [] : pageMeta(matches, { title: errorHeading(error) });

/** Says what went wrong in plain words; never shows a stack trace or an internal message. */
export function ErrorBoundary() {
  const error = useRouteError();
  const requestId = useFailedRequestId();
  if (isRouteErrorResponse(error) && error.status === 403) {
    return (
      <section className="error-page">
        <h1>{errorHeading(error)}</h1>
        <p>
          {typeof error.data === "string" && error.data
            ? error.data
            : "You do not have permission to do that."}
        </p>
        <p>
          <Link to="/">Go to the latest posts</Link>
        </p>
      </section>
    );
  }
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <section className="error-page">
        <h1>{errorHeading(error)}</h1>
        <p>
          {typeof error.data === "string" && error.data
            ? error.data
            : "There is nothing at this address."}
        </p>
        <p>
          <Link to="/">Go to the latest posts</Link> or browse the{" "}
          <Link to="/archive">archive</Link>.
        </p>
      </section>
    );
  }
  const status = isRouteErrorResponse(error) ? error.status : 500;
  return (
    <section className="error-page">
      <h1>{errorHeading(error)}</h1>
      <p>Sorry, this page could not be shown. Please try again in a moment.</p>
      {status >= 500 && requestId ? (
        <p>
          If it keeps happening, tell the site's team this reference:{" "}
          <code data-request-id="">{requestId}</code>
        </p>
      ) : null}
      <p>
        <Link to="/">Go to the latest posts</Link>
      </p>
    </section>
  );
}
