import { createContext, useContext, useState } from "react";

/**
 * What the server knows about the request a page is drawn for: the nonce of its
 * Content-Security-Policy, and its id for the error page. The browser has neither (a nonce is
 * hidden from scripts), so in the browser both are undefined.
 */
export type RenderContext = { nonce?: string; requestId?: string };

const Context = createContext<RenderContext>({});

export const RenderContextProvider = Context.Provider;

export function useNonce(): string | undefined {
  return useContext(Context).nonce;
}

/**
 * The id of the request that failed, for the reader to quote. In the browser it is read once
 * from the page the server drew, so hydration sees the same text.
 */
export function useFailedRequestId(): string | undefined {
  const fromServer = useContext(Context).requestId;
  const [requestId] = useState(
    () =>
      fromServer ??
      (typeof document === "undefined"
        ? undefined
        : (document.querySelector("[data-request-id]")?.textContent ??
          undefined)),
  );
  return requestId;
}
