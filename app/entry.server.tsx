import type {
  AppLoadContext,
  EntryContext,
  HandleErrorFunction,
} from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { applyPageCaching } from "~/server/http-cache.server";
import { logError } from "~/platform/log.server";
import { RenderContextProvider } from "~/ui/render-context";
import { SentOnceProvider, type SentOnce } from "~/ui/sent-once";
import { renderToBuffer } from "~/server/render-to-buffer.server";
import { renderToString } from "react-dom/server";
import { ServerHtmlProvider, type ServerHtml } from "~/ui/server-html";
import type { DrawnParts } from "~/server/drawn-parts.server";
import type { ReactNode } from "react";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/** Errors of loaders and actions: the detail goes to the log under the request's id, never to the reader. */
export const handleError: HandleErrorFunction = (
  error,
  { request, context },
) => {
  if (request.signal.aborted) return;
  // Remix's own answer to a request the client got wrong (405 for a form sent to a page without
  // one): the request's log line says enough, and a client must not be able to fill the log.
  if (isRouteErrorResponse(error) && error.status < 500) return;
  logError("unhandled error", error, {
    requestId: context.requestId,
    method: request.method,
    path: new URL(request.url).pathname,
  });
};

/**
 * How a part of the page is drawn as one string (app/ui/server-html.tsx): by React's string
 * renderer, which marks Suspense boundaries and separates texts as the page's own renderer does,
 * with the HTML the loader kept to send once.
 */
export function serverHtmlFor(
  sentOnce: SentOnce | undefined,
  drawnParts?: DrawnParts,
): ServerHtml {
  const draw = (element: ReactNode) =>
    renderToString(
      <SentOnceProvider value={sentOnce}>{element}</SentOnceProvider>,
    );
  return (element, drawnFrom) =>
    drawnParts && drawnFrom !== undefined
      ? drawnParts.draw(drawnFrom, () => draw(element))
      : draw(element);
}

/**
 * Renders the whole page before sending it (no route defers data, so nothing is lost by not
 * streaming) so that it can carry a strong ETag, answer a conditional request with 304 and be
 * kept in the page cache.
 */
export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  let status = responseStatusCode;
  const { cspNonce: nonce, requestId } = loadContext;
  const body = await renderToBuffer(
    <RenderContextProvider
      value={{ nonce, requestId: status >= 500 ? requestId : undefined }}
    >
      <SentOnceProvider value={loadContext.sentOnce}>
        <ServerHtmlProvider
          value={serverHtmlFor(loadContext.sentOnce, loadContext.drawnParts)}
        >
          <RemixServer
            context={remixContext}
            url={request.url}
            abortDelay={ABORT_DELAY}
            nonce={nonce}
          />
        </ServerHtmlProvider>
      </SentOnceProvider>
    </RenderContextProvider>,
    {
      nonce,
      deadlineMs: ABORT_DELAY + 1000,
      onError(error) {
        status = 500;
        logError("render error", error, { requestId });
      },
    },
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  const finalStatus = applyPageCaching(request, status, responseHeaders, body);
  if (responseHeaders.get("Cache-Control")?.startsWith("public")) {
    loadContext.storePage?.({
      status,
      headers: [...responseHeaders.entries()],
      body,
    });
  }
  return new Response(finalStatus === 304 ? null : body, {
    status: finalStatus,
    headers: responseHeaders,
  });
}
