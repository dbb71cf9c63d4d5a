import { createContext, useContext } from "react";

/**
 * Stored HTML sent once (decision 066). A page's loader data is serialized beside its HTML for
 * hydration, so HTML drawn from it would travel twice. For a page rendered on the server, a
 * loader leaves such HTML out of its data and hands it to the render through the request's
 * `sentOnce` map instead; in the browser, hydration reads it back from the element the server
 * drew (marked `data-once`). Data fetched later by the browser (`.data`, a navigation or a
 * revalidation) carries its HTML inline, as there is no drawn page to read it from.
 */
export type SentOnce = Map<string, string>;

const Context = createContext<SentOnce | undefined>(undefined);

export const SentOnceProvider = Context.Provider;

/** The request's map on the server, when it renders a page; in the browser, none. */
export function useSentOnce(): SentOnce | undefined {
  return useContext(Context);
}

/**
 * Keeps `html` for the server's render when the request renders a page (`sentOnce` is set) and
 * answers null for the data; otherwise (a `.data` request) answers the HTML itself.
 */
export function sendOnce(
  sentOnce: SentOnce | undefined,
  key: string,
  html: string,
): string | null {
  if (!sentOnce) return html;
  sentOnce.set(key, html);
  return null;
}

/** What the browser read from the page the server drew, by key, read once per key. */
const drawn = new Map<string, string>();

function drawnHtml(key: string): string {
  let html = drawn.get(key);
  if (html === undefined) {
    html =
      document.querySelector(`[data-once="${CSS.escape(key)}"]`)?.innerHTML ??
      "";
    drawn.set(key, html);
  }
  return html;
}

/**
 * A `<div>` holding stored, sanitized HTML: `html` when the data carries it, else the server's
 * copy (on the server) or what the server drew (in the browser).
 */
export function SentOnceHtml({
  sentKey,
  html,
  className,
}: {
  sentKey: string;
  html: string | null;
  className?: string;
}) {
  const fromServer = useSentOnce();
  const shown =
    html ??
    fromServer?.get(sentKey) ??
    (typeof document === "undefined" ? "" : drawnHtml(sentKey));
  return (
    <div
      className={className}
      data-once={html === null ? sentKey : undefined}
      dangerouslySetInnerHTML={{ __html: shown }}
    />
  );
}
