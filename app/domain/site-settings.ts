import { z } from "zod";
import { isTimeZone } from "./dates";
import { DEFAULT_SITE_SETTINGS, type SiteSettings } from "./site-defaults";
import type { SourceProblem } from "./post-source";
import { parseYamlFields } from "./yaml-fields";

export const SITE_SETTINGS_FILE = "site.yml";

const siteSettingsSchema = z.object({
  name: z.string().trim().min(1).max(80).default(DEFAULT_SITE_SETTINGS.name),
  tagline: z.string().trim().max(200).default(DEFAULT_SITE_SETTINGS.tagline),
  notice: z.string().trim().max(400).default(DEFAULT_SITE_SETTINGS.notice),
  postsPerPage: z
    .number()
    .int()
    .min(1)
    .max(100)
    .default(DEFAULT_SITE_SETTINGS.postsPerPage),
  discussionsPerPage: z
    .number()
    .int()
    .min(5)
    .max(500)
    .default(DEFAULT_SITE_SETTINGS.discussionsPerPage),
  timeZone: z
    .string()
    .refine(isTimeZone, { error: "not a time zone name such as Europe/London" })
    .default(DEFAULT_SITE_SETTINGS.timeZone),
}) satisfies z.ZodType<SiteSettings>;

const KNOWN_SETTINGS = Object.keys(siteSettingsSchema.shape);

/** Parses content/site.yml; every field is optional and falls back to its default. */
export function parseSiteSettings(
  file: string,
  text: string,
):
  { ok: true; settings: SiteSettings } | { ok: false; problem: SourceProblem } {
  const yaml = parseYamlFields(text);
  if (!yaml.ok) {
    return {
      ok: false,
      problem: { file, line: yaml.line, message: yaml.message },
    };
  }
  const { values, lineOf } = yaml.fields;
  const unknown = Object.keys(values).find(
    (key) => !KNOWN_SETTINGS.includes(key),
  );
  if (unknown !== undefined) {
    return {
      ok: false,
      problem: {
        file,
        line: lineOf(unknown) ?? 1,
        message: `unknown setting "${unknown}" (known: ${KNOWN_SETTINGS.join(", ")})`,
      },
    };
  }
  const parsed = siteSettingsSchema.safeParse(values);
  if (parsed.success) return { ok: true, settings: parsed.data };
  const issue = parsed.error.issues[0]!;
  const key = String(issue.path[0]);
  return {
    ok: false,
    problem: {
      file,
      line: lineOf(key) ?? 1,
      message: `${key}: ${issue.message}`,
    },
  };
}
