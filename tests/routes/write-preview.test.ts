// POST /write/preview: the live preview's HTML is the site's own rendering of a post body,
// sanitized as the sync sanitizes it, for editors and admins only.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import {
  MAX_PREVIEW_CHARACTERS,
  PREVIEW_TOO_LONG,
} from "~/domain/post-preview";
import { renderPostMarkdown } from "~/platform/markdown.server";
import { action, loader } from "~/routes/write.preview";
import {
  answerOf,
  browserRequest,
  makeUser,
  sessionCookieFor,
  type Kind,
} from "../helpers/accounts";
import { useTempSite } from "../helpers/temp-site";

useTempSite();
const cookies: Partial<Record<Kind, string>> = {};

beforeAll(async () => {
  for (const kind of ["member", "editor", "moderator", "admin"] as const)
    cookies[kind] = await sessionCookieFor((await makeUser(kind)).id);
});

const context = { clientAddress: "127.0.0.1" };

async function preview(
  body: string,
  cookie: string | null = cookies.editor!,
): Promise<Response> {
  const response = await action({
    request: browserRequest("/write/preview", { cookie, form: { body } }),
    params: {},
    context,
  });
  if (!(response instanceof Response)) throw new Error("expected a Response");
  return response;
}

const POST = [
  "## Marking kits arrive",
  "",
  "Kits are **free** for _every_ household. [Read the guide](/posts/guide).",
  "",
  "![A marking kit](images/marking-kit.svg)",
  "",
  "<script>alert(1)</script>",
  "",
  "[a trap](javascript:alert(2)) <img src=x onerror=alert(3)>",
].join("\n");

describe("the preview", () => {
  it("is the site's rendering of the body: headings, emphasis, links, images by /media", async () => {
    const response = await preview(POST);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const { html } = (await response.json()) as { html: string };
    expect(html).toBe(renderPostMarkdown(POST));
    expect(html).toContain(
      '<h2 id="marking-kits-arrive">Marking kits arrive</h2>',
    );
    expect(html).toContain("<strong>free</strong>");
    expect(html).toContain('src="/media/images/marking-kit.svg"');
    expect(html).not.toMatch(/<script|onerror|javascript:/i);
  });

  it("sanitizes every public XSS vector as a post body is sanitized", async () => {
    const { vectors } = JSON.parse(
      readFileSync("tests/fixtures/public-xss-vectors.json", "utf8"),
    ) as { vectors: { id: string; payload: string }[] };
    // A sample across both sources keeps the run short; the hostile-markup tests take them all.
    const sample = vectors.filter((_, index) => index % 25 === 0);
    expect(sample.length).toBeGreaterThan(10);
    for (const { id, payload } of sample) {
      const { html } = (await (await preview(payload)).json()) as {
        html: string;
      };
      expect(html, id).toBe(renderPostMarkdown(payload));
      expect(html, id).not.toMatch(/<script|\son[a-z]+\s*=/i);
    }
  });

  it("of an empty body is empty", async () => {
    expect(await (await preview("")).json()).toEqual({ html: "" });
  });

  it("refuses a body past the limit with 413 and says so; at the limit it renders", async () => {
    const atLimit = await preview("a".repeat(MAX_PREVIEW_CHARACTERS));
    expect(atLimit.status).toBe(200);
    const over = await preview("a".repeat(MAX_PREVIEW_CHARACTERS + 1));
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({ error: PREVIEW_TOO_LONG });
  });

  it("takes the body as multipart too, as the live preview sends it", async () => {
    const form = new FormData();
    form.append("body", "€".repeat(MAX_PREVIEW_CHARACTERS));
    const response = await action({
      request: new Request("http://localhost/write/preview", {
        method: "POST",
        headers: { Cookie: cookies.editor!, Origin: "http://localhost" },
        body: form,
      }),
      params: {},
      context,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      html: `<p>${"€".repeat(MAX_PREVIEW_CHARACTERS)}</p>\n`,
    });
  });

  it("refuses a file in place of the body with 400, not a 500", async () => {
    const form = new FormData();
    form.append("body", new File(["# hi"], "post.md"));
    const response = await action({
      request: new Request("http://localhost/write/preview", {
        method: "POST",
        headers: { Cookie: cookies.editor!, Origin: "http://localhost" },
        body: form,
      }),
      params: {},
      context,
    });
    expect(response.status).toBe(400);
  });

  it("answers a GET with 405: there is nothing to preview", () => {
    const response = loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
  });
});

describe("who may preview", () => {
  it.each(["member", "moderator"] as const)("a %s gets 403", async (kind) => {
    const answer = await answerOf(() => preview("# hi", cookies[kind]!));
    expect(answer).toMatchObject({ status: 403, thrown: true });
  });

  it("someone signed out is sent to sign in", async () => {
    const answer = await answerOf(() => preview("# hi", null));
    expect(answer.status).toBe(302);
  });

  it.each(["editor", "admin"] as const)(
    "an %s may (the control)",
    async (kind) => {
      const response = await preview("# hi", cookies[kind]!);
      expect(await response.json()).toEqual({
        html: renderPostMarkdown("# hi"),
      });
    },
  );
});
