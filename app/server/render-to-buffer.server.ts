import { PassThrough } from "node:stream";
import type { ReactNode } from "react";
import { renderToPipeableStream } from "react-dom/server";

export interface RenderOptions {
  nonce?: string;
  /** A render still unfinished after this long is aborted (React then renders its fallbacks). */
  deadlineMs: number;
  /** An error inside the tree that React recovered from; the page is still rendered. */
  onError: (error: unknown) => void;
}

/**
 * Renders a whole React tree into one buffer. The deadline's timer is cleared as soon as the
 * render ends: a pending timer keeps the finished render (its chunks and React's state) alive
 * until it fires, which under load held about 100 MB of pages already sent.
 */
export function renderToBuffer(
  element: ReactNode,
  { nonce, deadlineMs, onError }: RenderOptions,
): Promise<Buffer<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => abort(), deadlineMs);
    const settle =
      <T>(done: (value: T) => void) =>
      (value: T) => {
        clearTimeout(deadline);
        done(value);
      };
    const { pipe, abort } = renderToPipeableStream(element, {
      nonce,
      onAllReady() {
        const chunks: Buffer[] = [];
        const sink = new PassThrough();
        sink.on("data", (chunk: Buffer) => chunks.push(chunk));
        sink.on("error", settle(reject));
        sink.on("end", () => settle(resolve)(Buffer.concat(chunks)));
        pipe(sink);
      },
      onShellError: settle(reject),
      onError,
    });
  });
}
