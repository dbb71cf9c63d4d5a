import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { findMovedPost } from "~/features/posts/old-address.server";
import { notFound } from "~/platform/http.server";

// Any address no other route claims: an imported blog's old address moves permanently to its
// post; anything else gets the root error boundary's 404 page, titled by the root's meta.
export function loader({ request }: LoaderFunctionArgs) {
  const moved = findMovedPost(new URL(request.url));
  if (moved) throw redirect(moved, 301);
  throw notFound("There is nothing at this address.");
}

export default function NotFound() {
  return null;
}
