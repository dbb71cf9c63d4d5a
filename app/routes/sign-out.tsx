import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { endSession } from "~/features/accounts/session.server";

// Signing out changes state, so it is a POST (from the header's button); a GET just goes home.
export function loader() {
  return redirect("/");
}

export async function action({ request }: ActionFunctionArgs) {
  return redirect("/", {
    headers: { "Set-Cookie": await endSession(request) },
  });
}
