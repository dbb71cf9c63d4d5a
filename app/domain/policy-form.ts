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

const WORD_FIELDS = [
  "heldWords",
  "blockedWords",
  "nowPhrases",
  "observationTags",
  "appearanceWords",
  "behaviourWords",
] as const satisfies readonly (keyof PolicySettings)[];

const SWITCH_FIELDS = [
  "holdPersonalDetails",
  "allowCrimeReferences",
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
  // A checkbox sends its value when ticked and nothing at all when not.
  for (const key of SWITCH_FIELDS) {
    candidate[key] = text(key) === "true" || text(key) === "on";
  }
  const parsed = policySettingsSchema.safeParse(candidate);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const errors = fieldErrors<keyof PolicySettings, z.core.$ZodIssue>(
    parsed.error.issues,
    {
      message: (issue) =>
        issue.code === "invalid_type"
          ? "Give a whole number."
          : capitalize(issue.message),
    },
  );
  return { ok: false, errors };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
