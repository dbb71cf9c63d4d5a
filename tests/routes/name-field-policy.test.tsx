import { describe, expect, it } from "vitest";
import { nameField } from "~/domain/comment-outcome";
import { CommentForm } from "~/ui/comment-form";
import { renderRoute } from "../helpers/render";

function formUnder(rule: "publish" | "hold" | "reject") {
  return renderRoute(
    () => (
      <CommentForm
        postSlug="sheds"
        parentId={null}
        result={undefined}
        nameField={nameField(rule)}
        member={null}
        maxLength={2000}
      />
    ),
    "/posts/sheds",
    {},
  );
}

function nameInput(html: string): string {
  return /<input[^>]*name="name"[^>]*>/.exec(html)?.[0] ?? "";
}

describe("the name field follows the anonymous-comment policy in force", () => {
  it.each([
    ["publish", "Name (optional)", false],
    ["hold", "Name (optional)", false],
    ["reject", "Name", true],
  ] as const)(
    "under %s the label reads %j and the browser needs a name: %s",
    async (rule, label, required) => {
      const html = await formUnder(rule);
      expect(html).toMatch(
        new RegExp(`<label[^>]*>${label.replace(/[()]/g, "\\$&")}</label>`),
      );
      expect(nameInput(html)).not.toBe("");
      expect(nameInput(html).includes("required")).toBe(required);
    },
  );

  it("never says optional above a hint that a name is needed", async () => {
    const html = await formUnder("reject");
    expect(html).toContain("A name is needed");
    expect(html).not.toContain("(optional)</label>");
    // The control: the email field stays optional under the same policy.
    expect(html).toContain("Email (optional, never shown)");
  });
});
