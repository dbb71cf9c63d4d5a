import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Whether the page being drawn was drawn for someone in particular: set by whatever reads who is
 * asking (a session, a guest id) and found someone. The page cache keeps a page only when this
 * stayed unset, whatever the request's headers made the cache expect beforehand.
 */
type Drawing = { forSomeone: boolean };

// The server build bundles its own copy of this module: the server's copy starts each drawing
// and the routes' copy notes who it was for, so both keep the one store on globalThis.
const DRAWING = Symbol.for("lookout.drawing");
const holder = globalThis as typeof globalThis & {
  [DRAWING]?: AsyncLocalStorage<Drawing>;
};
const drawing = (holder[DRAWING] ??= new AsyncLocalStorage<Drawing>());

/** Runs a request's routes and render with a note of its own. */
export function drawPage<T>(render: () => T): T {
  return drawing.run({ forSomeone: false }, render);
}

/** Called by every reader of an identity that found one. */
export function noteDrawnForSomeone(): void {
  const current = drawing.getStore();
  if (current) current.forSomeone = true;
}

/** True when the page was drawn for someone, or when nothing noted how it was drawn. */
export function drawnForSomeone(): boolean {
  return drawing.getStore()?.forSomeone ?? true;
}
