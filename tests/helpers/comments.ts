import type { CommentActionResult } from "~/domain/comment-fields";
import { action } from "~/routes/posts.$slug";

export type PostedComment = {
  status: number;
  result: CommentActionResult;
  setCookie: string | null;
  retryAfter: string | null;
};

let addressCounter = 0;

/** A client address of its own for each caller that asks, so flood limits stay apart. */
export function freshAddress(): string {
  addressCounter += 1;
  return `192.0.2.${addressCounter}`;
}

/**
 * Sends the comment form to a post's action as a browser would, and returns what it answered.
 * Fields are sent as given; leave one out to test a missing field.
 */
export async function postComment(
  slug: string,
  fields: Record<string, string>,
  {
    cookie,
    address = "198.51.100.7",
  }: { cookie?: string | null; address?: string } = {},
): Promise<PostedComment> {
  const headers = new Headers({ Origin: "http://localhost" });
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request(`http://localhost/posts/${slug}`, {
    method: "POST",
    headers,
    body: new URLSearchParams(fields),
  });
  const answer = await action({
    request,
    params: { slug },
    context: { clientAddress: address },
  });
  const init = answer.init ?? {};
  const answered = new Headers(init.headers);
  const setCookie = answered.get("Set-Cookie");
  if (answer.data.form !== "comment")
    throw new Error("expected the comment form's answer");
  return {
    status: init.status ?? 200,
    result: answer.data,
    setCookie,
    retryAfter: answered.get("Retry-After"),
  };
}

/** The cookie pair a browser would send back after a Set-Cookie header. */
export function cookieFrom(setCookie: string | null): string | null {
  return setCookie?.split(";")[0] ?? null;
}

export const commentFields = (
  overrides: Record<string, string> = {},
): Record<string, string> => ({
  intent: "comment",
  name: "",
  email: "",
  body: "Thanks for the update.",
  parentId: "",
  website: "",
  ...overrides,
});

/**
 * Posts a named comment to `slug` (a reply when `parentId` is given) from an address of its own,
 * and returns its id and the cookie its poster's browser keeps; fails unless it was published.
 */
export async function publishComment(
  slug: string,
  name: string,
  body: string,
  parentId?: number,
): Promise<{ id: number; cookie: string | null }> {
  const posted = await postComment(
    slug,
    commentFields({
      name,
      body,
      parentId: parentId === undefined ? "" : String(parentId),
    }),
    { address: freshAddress() },
  );
  if (posted.result.status !== "published")
    throw new Error(
      `expected the comment published, not ${posted.result.status}`,
    );
  return {
    id: (posted.result as { comment: { id: number } }).comment.id,
    cookie: cookieFrom(posted.setCookie),
  };
}
