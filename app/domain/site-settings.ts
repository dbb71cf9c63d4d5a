import { z } from "zod";
import { isTimeZone } from "./dates";
import type { SourceProblem } from "./post-source";
import { parseYamlFields } from "./yaml-fields";

export const SITE_SETTINGS_FILE = "site.yml";

const siteSettingsSchema = z.object({
  name: z.string().trim().min(1).max(80).default("Lookout"),
  tagline: z
    .string()
    .trim()
    .max(200)
    .default("Local crime-prevention updates from your residents' group"),
  notice: z
    .string()
    .trim()
    .max(400)
    .default(
      "This board is not a way to report crime. In an emergency call 999. To report a crime that is not an emergency call 101.",
    ),
  postsPerPage: z.number().int().min(1).max(100).default(10),
  timeZone: z
    .string()
    .refine(isTimeZone, { error: "not a time zone name such as Europe/London" })
    .default("Europe/London"),
});

export type SiteSettings = z.infer<typeof siteSettingsSchema>;

export const DEFAULT_SITE_SETTINGS: SiteSettings = siteSettingsSchema.parse({});

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
