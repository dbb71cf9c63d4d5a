import type { z } from "zod";
import { fieldErrors } from "./account-forms";
import {
  ANONYMOUS_RULES,
  MEMBER_RULES,
  NAMED_RULES,
  POLICY_NUMBER_RANGES,
  POLICY_WORD_MAX_LENGTH,
  POLICY_WORDS_MAX,
  policySettingsSchema,
  type PolicySettings,
} from "./moderation-policy";
import { groupedDigits } from "./numbers";

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
  "spamMinDecisions",
  "spamThresholdPercent",
  "pileOnPosters",
  "pileOnReports",
  "pileOnWindowMinutes",
  "pileOnHoldMinutes",
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
    { message: messageFor },
  );
  return { ok: false, errors };
}

const CHOICES = {
  anonymous: ANONYMOUS_RULES,
  named: NAMED_RULES,
  member: MEMBER_RULES,
} as const;

/** What the field allows, in the site's words, whatever the validator found wrong. */
function messageFor(issue: z.core.$ZodIssue): string {
  const field = issue.path[0];
  if (issue.code === "custom") return issue.message;
  if (isNumberField(field)) {
    const { min, max } = POLICY_NUMBER_RANGES[field];
    return `Give a whole number from ${groupedDigits(min)} to ${groupedDigits(max)}.`;
  }
  if (field === "anonymous" || field === "named" || field === "member") {
    return `Choose ${inWords(CHOICES[field])}.`;
  }
  if (field === "heldWords" || field === "blockedWords") {
    return issue.path.length > 1
      ? `Keep each word or phrase to ${POLICY_WORD_MAX_LENGTH} characters or fewer.`
      : `Give at most ${POLICY_WORDS_MAX} words or phrases.`;
  }
  return capitalize(issue.message);
}

function isNumberField(
  field: PropertyKey | undefined,
): field is (typeof NUMBER_FIELDS)[number] {
  return NUMBER_FIELDS.some((name) => name === field);
}

/** ["a", "b", "c"] as "a, b or c". */
function inWords(options: readonly string[]): string {
  return options.length < 2
    ? options.join("")
    : `${options.slice(0, -1).join(", ")} or ${options.at(-1)}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
