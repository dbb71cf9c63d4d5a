import { PassThrough } from "node:stream";
import type { EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToPipeableStream } from "react-dom/server";
import { applyPageCaching } from "~/utils/http-cache.server";

const ABORT_DELAY = 5_000;
export const streamTimeout = ABORT_DELAY;

/**
 * Renders the whole page before sending it (no route defers data, so nothing is lost by not
 * streaming) so that it can carry a strong ETag and answer a conditional request with 304.
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  return new Promise<Response>((resolve, reject) => {
    let status = responseStatusCode;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer
        context={remixContext}
        url={request.url}
        abortDelay={ABORT_DELAY}
      />,
      {
        onAllReady() {
          const chunks: Buffer[] = [];
          const sink = new PassThrough();
          sink.on("data", (chunk: Buffer) => chunks.push(chunk));
          sink.on("error", reject);
          sink.on("end", () => {
            const body = new Uint8Array(Buffer.concat(chunks));
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            const finalStatus = applyPageCaching(
              request,
              status,
              responseHeaders,
              body,
            );
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
          console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY + 1000);
  });
}
