import { createContext, useContext, type ReactNode } from "react";

/**
 * Draws part of a page as one HTML string, on the server only (in the browser there is none).
 * React's streaming renderer writes every piece of markup (a tag, an attribute, a text) as its
 * own chunk into bytes; a part drawn as one string is written once. The browser hydrates that
 * HTML like any other, as it is the same markup React would have drawn (decision 074).
 */
export type ServerHtml = (
  element: ReactNode,
  /**
   * Everything the element's markup depends on, written out: the server may then answer what
   * it drew before from the same source instead of drawing it again (decision 078).
   */
  drawnFrom?: string,
) => string;

const Context = createContext<ServerHtml | undefined>(undefined);

export const ServerHtmlProvider = Context.Provider;

export function useServerHtml(): ServerHtml | undefined {
  return useContext(Context);
}
