import { PassThrough } from "node:stream";
import type {
  AppLoadContext,
  EntryContext,
  HandleErrorFunction,
} from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { applyPageCaching } from "~/utils/http-cache.server";
import { logError } from "~/utils/log.server";
import { RenderContextProvider } from "~/utils/render-context";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/** Errors of loaders and actions: the detail goes to the log under the request's id, never to the reader. */
export const handleError: HandleErrorFunction = (
  error,
  { request, context },
) => {
  if (request.signal.aborted) return;
  logError("unhandled error", error, {
    requestId: context.requestId,
    method: request.method,
    path: new URL(request.url).pathname,
  });
};

/**
 * Renders the whole page before sending it (no route defers data, so nothing is lost by not
 * streaming) so that it can carry a strong ETag, answer a conditional request with 304 and be
 * kept in the page cache.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    const { cspNonce: nonce, requestId } = loadContext;
    const { pipe, abort } = renderToPipeableStream(
      <RenderContextProvider
        value={{ nonce, requestId: status >= 500 ? requestId : undefined }}
      >
        <RemixServer
          context={remixContext}
          url={request.url}
          abortDelay={ABORT_DELAY}
          nonce={nonce}
        />
      </RenderContextProvider>,
      {
        nonce,
        onAllReady() {
          const chunks: Buffer[] = [];
          const sink = new PassThrough();
          sink.on("data", (chunk: Buffer) => chunks.push(chunk));
          sink.on("error", reject);
          sink.on("end", () => {
            const body = Buffer.concat(chunks);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            const finalStatus = applyPageCaching(
              request,
              status,
              responseHeaders,
              body,
            );
            if (responseHeaders.get("Cache-Control")?.startsWith("public")) {
              loadContext.storePage?.({
                status,
                headers: [...responseHeaders.entries()],
                body,
              });
            }
            resolve(
              new Response(finalStatus === 304 ? null : body, {
                status: finalStatus,
                headers: responseHeaders,
              }),
            );
          });
          pipe(sink);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          status = 500;
          logError("render error", error, { requestId });
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}
