import type { ComponentType } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import {
  createStaticHandler,
  createStaticRouter,
  StaticRouterProvider,
} from "react-router-dom/server";

/**
 * The HTML a route module's component renders for `path`, given what its loader returned: the
 * server render without the document around it or the data for hydration, so a test can read
 * what a browser without JavaScript gets.
 */
export async function renderRoute(
  Component: ComponentType,
  path: string,
  data: object | null,
): Promise<string> {
  const url = new URL(path, "http://localhost");
  const handler = createStaticHandler([
    { id: "page", path: url.pathname, loader: () => data, Component },
  ]);
  const context = await handler.query(new Request(url));
  if (context instanceof Response)
    throw new Error(`the page answered ${context.status}, not a page`);
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToStaticMarkup(
    <StaticRouterProvider router={router} context={context} hydrate={false} />,
  );
}
