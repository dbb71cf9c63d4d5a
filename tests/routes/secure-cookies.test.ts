import { beforeAll, describe, expect, it } from "vitest";
import { syncContent } from "~/features/posts/content-sync.server";
import { commentFields, postComment } from "../helpers/comments";
import { postFile, useTempSite } from "../helpers/temp-site";

// Behind a TLS proxy the request reaches the app as plain HTTP: the public address decides.
process.env.SITE_URL = "https://watch.example";
const site = useTempSite();

beforeAll(() => {
  site.writeContent("posts/sheds.md", postFile());
  syncContent(site.db(), site.contentDir);
});

describe("cookies on a site served over HTTPS", () => {
  it("marks the session cookie Secure", async () => {
    const { createUser } = await import("~/features/accounts/user.server");
    await createUser(
      {
        email: "resident@example.org",
        displayName: "A Resident",
        password: "a long enough password",
      },
      new Date(),
    );
    const { action } = await import("~/routes/sign-in");
    const response = await action({
      request: new Request("http://localhost/sign-in", {
        method: "POST",
        headers: { Origin: "http://localhost" },
        body: new URLSearchParams({
          email: "resident@example.org",
          password: "a long enough password",
        }),
      }),
      params: {},
      context: { clientAddress: "192.0.2.50" },
    });
    if (!(response instanceof Response))
      throw new Error("expected the redirect that signs in");
    expect(response.headers.get("Set-Cookie")).toMatch(
      /^lookout_session=[^;]+;.*; Secure/,
    );
  });

  it("marks the guest cookie Secure", async () => {
    const posted = await postComment("sheds", commentFields({ body: "Hello" }));
    expect(posted.setCookie).toMatch(/^lookout_guest=[^;]+;.*; Secure/);
  });
});
