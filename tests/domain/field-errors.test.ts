import { describe, expect, it } from "vitest";
import { fieldErrors } from "~/domain/account-forms";

const issue = (path: PropertyKey[], message: string) => ({ path, message });

// Every form turns zod's issues into the messages beside its fields through this one function.
describe("fieldErrors", () => {
  it.each([
    [
      "the first message of each field wins",
      [issue(["email"], "Give an email."), issue(["email"], "Too long.")],
      {},
      { email: "Give an email." },
    ],
    [
      "an issue about no field goes above the form",
      [issue([], "Send the form again.")],
      {},
      { form: "Send the form again." },
    ],
    [
      "with fields, an issue about another goes above the form",
      [
        issue(["honeypot"], "Not for people."),
        issue(["body"], "Write something."),
      ],
      { fields: ["name", "body"] },
      { form: "Not for people.", body: "Write something." },
    ],
    [
      "with fields and otherwise, it goes to the field named",
      [issue(["commentId"], "No such comment."), issue(["note"], "Too long.")],
      { fields: ["reason", "note"], otherwise: "reason" },
      { reason: "No such comment.", note: "Too long." },
    ],
  ] as const)("%s", (_, issues, options, expected) => {
    expect(fieldErrors(issues, options as never)).toEqual(expected);
  });

  it("rewords an issue when asked", () => {
    expect(
      fieldErrors([issue(["days"], "too big")], {
        message: (found) => found.message.toUpperCase(),
      }),
    ).toEqual({ days: "TOO BIG" });
  });
});
