import type { LoaderFunctionArgs } from "@remix-run/node";

/** What Remix hands a loader for a GET of `path` on `origin`, from a client on this machine. */
export function loaderArgs(
  path: string,
  params: Record<string, string> = {},
  origin = "http://localhost",
): LoaderFunctionArgs {
  return {
    request: new Request(`${origin}${path}`),
    params,
    context: { clientAddress: "127.0.0.1" },
  };
}

/** Runs a loader and returns the Response it threw, failing when it returned instead. */
export async function thrown(run: () => unknown): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected the loader to throw a Response");
}

/**
 * The thread in a post page's data. A loader run like this, outside a page's render, answers as
 * a `.data` request does, with its thread; only a page the server draws leaves it out.
 */
export function threadIn<Node>(data: { thread: Node[] | null }): Node[] {
  if (data.thread === null)
    throw new Error("the data left the thread out, as only a drawn page's may");
  return data.thread;
}
