import type { LoaderFunctionArgs } from "@remix-run/node";
import { accountData } from "~/features/accounts/account.server";
import { requireUser } from "~/features/accounts/session.server";

/** "Download my data": everything the site keeps about the signed-in member, as JSON. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return new Response(JSON.stringify(accountData(user.id), null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="my-lookout-data.json"',
      "Cache-Control": "private, no-store",
    },
  });
}
