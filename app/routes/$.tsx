import type { MetaFunction } from "@remix-run/node";
import { notFound } from "~/utils/http.server";

// Any address no other route claims: the root error boundary shows the 404 page.
export function loader() {
  throw notFound("There is nothing at this address.");
}

export default function NotFound() {
  return null;
}

export const meta: MetaFunction = () => [{ title: "Page not found" }];
