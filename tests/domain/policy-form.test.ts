// The desk's Settings form says what each field allows, in the site's words, whatever was typed:
// an admin who types 99999 or -5 learns the range, not a validator's internals.
import { describe, expect, it } from "vitest";
import { banFormSchema } from "~/domain/ban-form";
import { DEFAULT_POLICY } from "~/domain/moderation-policy";
import { parsePolicyForm, policyToForm } from "~/domain/policy-form";

/** Every numeric setting, its range as the message gives it, and a value just outside each end. */
const NUMBER_FIELDS = [
  { name: "holdAtLinks", allowed: "0 to 100", below: "-1", above: "101" },
  { name: "floodLimit", allowed: "1 to 1,000", below: "0", above: "1001" },
  {
    name: "floodWindowSeconds",
    allowed: "1 to 86,400",
    below: "0",
    above: "86401",
  },
  {
    name: "duplicateWindowMinutes",
    allowed: "0 to 10,080",
    below: "-5",
    above: "10081",
  },
  { name: "minLength", allowed: "1 to 1,000", below: "0", above: "1001" },
  { name: "maxLength", allowed: "10 to 20,000", below: "9", above: "20001" },
  {
    name: "closeAfterDays",
    allowed: "0 to 36,500",
    below: "-1",
    above: "99999",
  },
  { name: "maxDepth", allowed: "1 to 20", below: "0", above: "21" },
  { name: "reportThreshold", allowed: "1 to 100", below: "0", above: "101" },
  {
    name: "editWindowMinutes",
    allowed: "0 to 10,080",
    below: "-1",
    above: "10081",
  },
  {
    name: "spamMinDecisions",
    allowed: "0 to 100,000",
    below: "-1",
    above: "100001",
  },
  {
    name: "spamThresholdPercent",
    allowed: "0 to 100",
    below: "-1",
    above: "101",
  },
  {
    name: "pileOnPosters",
    allowed: "0 to 10,000",
    below: "-1",
    above: "10001",
  },
  { name: "pileOnReports", allowed: "0 to 1,000", below: "-1", above: "1001" },
  {
    name: "pileOnWindowMinutes",
    allowed: "1 to 10,080",
    below: "0",
    above: "10081",
  },
  {
    name: "pileOnHoldMinutes",
    allowed: "1 to 10,080",
    below: "0",
    above: "10081",
  },
] as const;

const KINDS = [
  {
    kind: "too small",
    value: (field: (typeof NUMBER_FIELDS)[number]) => field.below,
  },
  {
    kind: "too big",
    value: (field: (typeof NUMBER_FIELDS)[number]) => field.above,
  },
  { kind: "not a number", value: () => "five" },
  { kind: "a fraction", value: () => "2.5" },
  { kind: "empty", value: () => "" },
  { kind: "far too many digits", value: () => "12345678901" },
] as const;

function submit(name: string, value: string) {
  return parsePolicyForm({ ...policyToForm(DEFAULT_POLICY), [name]: value });
}

describe("the settings form's messages", () => {
  it("saves the defaults as shown (the control: the form is otherwise valid)", () => {
    expect(parsePolicyForm(policyToForm(DEFAULT_POLICY))).toEqual({
      ok: true,
      settings: DEFAULT_POLICY,
    });
  });

  it("covers every numeric setting", () => {
    const numeric = Object.entries(DEFAULT_POLICY)
      .filter(([, value]) => typeof value === "number")
      .map(([name]) => name);
    expect(NUMBER_FIELDS.map((field) => field.name).sort()).toEqual(
      numeric.sort(),
    );
  });

  describe.each(NUMBER_FIELDS)("$name", (field) => {
    it.each(KINDS)("$kind: says the range", ({ value }) => {
      const result = submit(field.name, value(field));
      expect(result).toEqual({
        ok: false,
        errors: { [field.name]: `Give a whole number from ${field.allowed}.` },
      });
    });

    it("accepts both ends of the range", () => {
      const [low, high] = field.allowed
        .split(" to ")
        .map((end) => end.replace(/,/g, ""));
      // minLength's top end must stay at or below maxLength's default.
      for (const end of [low!, field.name === "minLength" ? "1000" : high!]) {
        const result = parsePolicyForm({
          ...policyToForm(DEFAULT_POLICY),
          maxLength: field.name === "minLength" ? "20000" : "5000",
          [field.name]: end,
        });
        expect(result.ok).toBe(true);
      }
    });
  });

  it("explains a shortest length above the longest", () => {
    expect(
      parsePolicyForm({
        ...policyToForm(DEFAULT_POLICY),
        minLength: "600",
        maxLength: "500",
      }),
    ).toEqual({
      ok: false,
      errors: {
        minLength:
          "The shortest comment allowed (600 characters) cannot be longer than the longest (500).",
      },
    });
  });

  it("says which choices there are when a choice is not one of them", () => {
    expect(submit("anonymous", "delete")).toEqual({
      ok: false,
      errors: { anonymous: "Choose publish, hold or reject." },
    });
    expect(submit("named", "")).toEqual({
      ok: false,
      errors: { named: "Choose publish, hold-first, hold or reject." },
    });
  });

  it("says how long a word and how many words may be", () => {
    expect(submit("heldWords", "x".repeat(101))).toEqual({
      ok: false,
      errors: {
        heldWords: "Keep each word or phrase to 100 characters or fewer.",
      },
    });
    expect(
      submit(
        "blockedWords",
        Array.from({ length: 501 }, (_, i) => `word${i}`).join("\n"),
      ),
    ).toEqual({
      ok: false,
      errors: { blockedWords: "Give at most 500 words or phrases." },
    });
  });
});

describe("the ban form's length", () => {
  it.each([
    ["0", "A ban lasts from 1 to 9,999 days, or leave it empty for no end."],
    [
      "99999",
      "A ban lasts from 1 to 9,999 days, or leave it empty for no end.",
    ],
    ["-5", "A ban lasts from 1 to 9,999 days, or leave it empty for no end."],
    ["1.5", "A ban lasts from 1 to 9,999 days, or leave it empty for no end."],
  ])("%s days: says the range", (days, message) => {
    const result = banFormSchema.safeParse({ reason: "Spam", days });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      message,
    ]);
  });

  it.each([
    ["1", 1],
    ["9999", 9999],
    ["", null],
  ])("%j days is accepted", (days, parsed) => {
    expect(banFormSchema.parse({ reason: "Spam", days }).days).toBe(parsed);
  });
});
