import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { parsePolicyForm, policyToForm } from "~/domain/policy-form";

/** The settings form as saved with the defaults, with some fields typed over. */
function form(overrides: Record<string, string>): Record<string, string> {
  return { ...policyToForm(DEFAULT_POLICY), ...overrides };
}

describe("the settings form's messages say what is allowed", () => {
  it.each([
    [
      "maxLength",
      "50000",
      "Give a whole number of characters from 10 to 20,000.",
    ],
    ["maxLength", "-5", "Give a whole number of characters from 10 to 20,000."],
    [
      "closeAfterDays",
      "99999",
      "Give a whole number of days from 0 to 36,500.",
    ],
    ["closeAfterDays", "2.5", "Give a whole number of days from 0 to 36,500."],
    ["holdAtLinks", "lots", "Give a whole number of links from 0 to 100."],
    [
      "floodWindowSeconds",
      "",
      "Give a whole number of seconds from 1 to 86,400.",
    ],
    ["maxDepth", "0", "Give a whole number of levels from 1 to 20."],
    [
      "reportThreshold",
      "1000",
      "Give a whole number of reports from 1 to 100.",
    ],
    [
      "editWindowMinutes",
      "1234567",
      "Give a whole number of minutes from 0 to 10,080.",
    ],
    ["anonymous", "maybe", "Choose one of the listed options."],
    [
      "heldWords",
      "x".repeat(101),
      "Give at most 500 words or phrases, one a line, each at most 100 characters.",
    ],
  ])("%s = %j", (key, typed, message) => {
    const result = parsePolicyForm(form({ [key]: typed }));
    expect(result).toEqual({ ok: false, errors: { [key]: message } });
  });

  it("names both limits when the shortest is longer than the longest", () => {
    const result = parsePolicyForm(
      form({ minLength: "500", maxLength: "100" }),
    );
    expect(result).toEqual({
      ok: false,
      errors: {
        minLength:
          "The shortest comment allowed cannot be longer than the longest",
      },
    });
  });

  it("accepts the values at each end of the range (the control)", () => {
    const result = parsePolicyForm(
      form({ maxLength: "20000", closeAfterDays: "36500", holdAtLinks: "0" }),
    );
    expect(result.ok).toBe(true);
  });
});
