import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { parsePolicyForm, policyToForm } from "~/domain/policy-form";

// The spam-score and pile-on settings on the desk's settings form: shown, saved, refused in words.
describe("the spam and pile-on settings on the settings form", () => {
  it("shows the defaults and saves them back unchanged", () => {
    const form = policyToForm(DEFAULT_POLICY);
    expect(form.spamThresholdPercent).toBe("90");
    expect(form.pileOnHoldMinutes).toBe("120");
    const parsed = parsePolicyForm(form);
    expect(parsed.ok && parsed.settings).toEqual(DEFAULT_POLICY);
  });

  it.each<[string, string, string, string | null]>([
    ["a threshold of 0 turns the score off", "spamThresholdPercent", "0", null],
    [
      "a threshold over 100",
      "spamThresholdPercent",
      "101",
      "Give a whole number from 0 to 100.",
    ],
    [
      "a fraction is not a whole number",
      "spamThresholdPercent",
      "0.9",
      "Give a whole number from 0 to 100.",
    ],
    ["no decisions needed is allowed", "spamMinDecisions", "0", null],
    [
      "a brake window of 0 minutes",
      "pileOnWindowMinutes",
      "0",
      "Give a whole number from 1 to 10,080.",
    ],
    ["posters 0 turns the brake's count off", "pileOnPosters", "0", null],
  ])("%s", (_name, field, value, error) => {
    const parsed = parsePolicyForm({
      ...policyToForm(DEFAULT_POLICY),
      [field]: value,
    });
    if (error === null) {
      expect(parsed.ok).toBe(true);
    } else {
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) {
        expect(parsed.errors[field as keyof typeof parsed.errors]).toContain(
          error,
        );
      }
    }
  });
});
