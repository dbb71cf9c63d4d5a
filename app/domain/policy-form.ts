import type { z } from "zod";
import { fieldErrors } from "./account-forms";
import { policySettingsSchema, type PolicySettings } from "./moderation-policy";

export type PolicyFormValues = Record<keyof PolicySettings, string>;

const NUMBER_FIELDS = [
  "holdAtLinks",
  "floodLimit",
  "floodWindowSeconds",
  "duplicateWindowMinutes",
  "minLength",
  "maxLength",
  "closeAfterDays",
  "maxDepth",
  "reportThreshold",
  "editWindowMinutes",
] as const satisfies readonly (keyof PolicySettings)[];

type NumberField = (typeof NUMBER_FIELDS)[number];

/** What each number counts, for messages such as "Give a whole number of days from 0 to 36,500." */
const NUMBER_UNITS: Record<NumberField, string> = {
  holdAtLinks: "links",
  floodLimit: "comments",
  floodWindowSeconds: "seconds",
  duplicateWindowMinutes: "minutes",
  minLength: "characters",
  maxLength: "characters",
  closeAfterDays: "days",
  maxDepth: "levels",
  reportThreshold: "reports",
  editWindowMinutes: "minutes",
};

/** The smallest and largest value the settings allow for a number field. */
export function numberRange(key: NumberField): { min: number; max: number } {
  const schema = policySettingsSchema.shape[key];
  return { min: schema.minValue ?? 0, max: schema.maxValue ?? 0 };
}

/** "Give a whole number of days from 0 to 36,500.": what the field allows, in the site's words. */
export function numberMessage(key: NumberField): string {
  const { min, max } = numberRange(key);
  const format = (value: number) => value.toLocaleString("en-GB");
  return `Give a whole number of ${NUMBER_UNITS[key]} from ${format(min)} to ${format(max)}.`;
}

const WORD_MESSAGE =
  "Give at most 500 words or phrases, one a line, each at most 100 characters.";

const WORD_FIELDS = [
  "heldWords",
  "blockedWords",
] as const satisfies readonly (keyof PolicySettings)[];

/** The settings as the form shows them: words one per line. */
export function policyToForm(settings: PolicySettings): PolicyFormValues {
  return Object.fromEntries(
    Object.entries(settings).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.join("\n") : String(value),
    ]),
  ) as PolicyFormValues;
}

/** Reads the settings form; every problem is keyed by its field. */
export function parsePolicyForm(
  fields: Record<string, unknown>,
):
  | { ok: true; settings: PolicySettings }
  | { ok: false; errors: Partial<Record<keyof PolicySettings, string>> } {
  const text = (key: string) =>
    typeof fields[key] === "string" ? (fields[key] as string) : "";
  const candidate: Record<string, unknown> = {
    anonymous: text("anonymous"),
    named: text("named"),
    member: text("member"),
  };
  for (const key of NUMBER_FIELDS) {
    const value = text(key).trim();
    candidate[key] = /^\d{1,6}$/.test(value)
      ? Number(value)
      : value === ""
        ? undefined
        : Number.NaN;
  }
  for (const key of WORD_FIELDS) {
    candidate[key] = text(key)
      .split(/[\n,]/)
      .map((word) => word.trim())
      .filter(Boolean);
  }
  const parsed = policySettingsSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors = fieldErrors<keyof PolicySettings, z.core.$ZodIssue>(
    parsed.error.issues,
    {
      message: (issue) => {
        const key = String(issue.path[0]);
        // The cross-field rule names both limits itself.
        if (issue.code === "custom") return capitalize(issue.message);
        if (isNumberField(key)) return numberMessage(key);
        if (isWordField(key)) return WORD_MESSAGE;
        return "Choose one of the listed options.";
      },
    },
  );
  return { ok: false, errors };
}

function isNumberField(key: string): key is NumberField {
  return (NUMBER_FIELDS as readonly string[]).includes(key);
}

function isWordField(key: string): boolean {
  return (WORD_FIELDS as readonly string[]).includes(key);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
