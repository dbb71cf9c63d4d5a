import { z } from "zod";
import { isCalendarDate } from "./dates";
import { isSlug, slugify } from "./slug";
import { parseYamlFields } from "./yaml-fields";

/** Who may comment on a post: everyone, nobody, or signed-in members only. */
export const COMMENTS_MODES = ["open", "closed", "members"] as const;
export type CommentsMode = (typeof COMMENTS_MODES)[number];

/** What a post file says once its front matter is parsed and checked. */
export type PostSource = {
  slug: string;
  title: string;
  date: string;
  /**
   * Time of day the post is published on its date, "HH:MM" in UTC, or null for the date's
   * start. Scheduling reads it to the minute.
   */
  time: string | null;
  author: string;
  tags: string[];
  area: string | null;
  summary: string;
  comments: CommentsMode;
  /** Kept out of every listing, feed, search and sitemap, and its page answers 404. */
  draft: boolean;
  body: string;
  /** Line of the source file on which the body starts, for messages about the body. */
  bodyLine: number;
};

/** A problem in a content file, located so an author can find it. */
export type SourceProblem = { file: string; line: number; message: string };

export type ParseResult =
  { ok: true; post: PostSource } | { ok: false; problem: SourceProblem };

const MAX_TITLE = 200;
/** "09:30": hours 00–23 and minutes, as the writing desk's time field sends them. */
export const TIME_OF_DAY = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const MAX_SUMMARY = 500;

// YAML reads `title: 1984` as a number and `title:` as null; an author means text.
const scalarAsText = (value: unknown) => {
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return value;
};

const trimmedText = (field: string, max: number) =>
  z
    .string({ error: `${field} must be text` })
    .trim()
    .min(1, { error: `${field} is empty` })
    .max(max, { error: `${field} is longer than ${max} characters` });

const textField = (field: string, max: number) =>
  z.preprocess(scalarAsText, trimmedText(field, max));

const FIELD_SCHEMAS = {
  title: textField("title", MAX_TITLE),
  date: z
    .string({ error: "date must be written YYYY-MM-DD" })
    .refine(isCalendarDate, {
      error: "date must be a real date written YYYY-MM-DD",
    }),
  time: z
    .string({ error: "time must be a time of day written HH:MM, like 09:30" })
    .regex(TIME_OF_DAY, {
      error: "time must be a time of day written HH:MM, like 09:30",
    })
    .optional(),
  author: textField("author", 100),
  // The field must be there, but may be empty (`summary: ""`): the writing desk lets an editor
  // leave it blank.
  summary: z.preprocess(
    scalarAsText,
    z
      .string({ error: "summary must be text" })
      .trim()
      .max(MAX_SUMMARY, {
        error: `summary is longer than ${MAX_SUMMARY} characters`,
      }),
  ),
  tags: z
    .union([z.string(), z.array(z.string())], {
      error: "tags must be a list of words, like [bikes, scams]",
    })
    .optional()
    // `tags: street lighting, area update` is a YAML string, not a list: read it as one.
    .transform((tags) =>
      tags === undefined
        ? []
        : typeof tags === "string"
          ? tags.split(",").filter((tag) => tag.trim() !== "")
          : tags,
    )
    .transform((tags) => [...new Set(tags.map((tag) => tag.trim()))])
    .refine((tags) => tags.every((tag) => slugify(tag) !== ""), {
      error: "every tag needs a letter or a digit",
    }),
  area: textField("area", 100)
    .refine((area) => slugify(area) !== "", {
      error: "area needs a letter or a digit",
    })
    .optional(),
  comments: z
    .enum(COMMENTS_MODES, {
      error: `comments must be one of: ${COMMENTS_MODES.join(", ")}`,
    })
    .default("open"),
  draft: z.boolean({ error: "draft must be true or false" }).default(false),
  slug: z
    .string()
    .refine(isSlug, {
      error: "slug must be lowercase letters and digits joined by hyphens",
    })
    .optional(),
};

const frontMatterSchema = z.object(FIELD_SCHEMAS);

const FENCE = /^---[ \t]*$/;

/**
 * Parses a post file: YAML front matter between two "---" lines, then a Markdown body.
 * `file` is only used to name the file in problems and to derive the default slug.
 */
export function parsePostSource(file: string, text: string): ParseResult {
  const fail = (line: number, message: string): ParseResult => ({
    ok: false,
    problem: { file, line, message },
  });

  if (text.includes("\u0000")) return fail(1, "the file contains a NUL byte");
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (!FENCE.test(lines[0] ?? "")) {
    return fail(1, 'the file must start with a front matter line "---"');
  }
  const closing = lines.findIndex(
    (line, index) => index > 0 && FENCE.test(line),
  );
  if (closing === -1) {
    return fail(
      1,
      'the front matter opened on line 1 is never closed with "---"',
    );
  }

  // Lines inside the front matter start after the opening "---" on line 1.
  const yaml = parseYamlFields(lines.slice(1, closing).join("\n"));
  if (!yaml.ok) return fail(yaml.line + 1, `front matter is ${yaml.message}`);
  const { values, lineOf } = yaml.fields;
  const fileLineOf = (key: string) => {
    const line = lineOf(key);
    return line === null ? null : line + 1;
  };

  const unknownKey = Object.keys(values).find((key) => !(key in FIELD_SCHEMAS));
  if (unknownKey !== undefined) {
    return fail(
      fileLineOf(unknownKey) ?? 1,
      `unknown field "${unknownKey}" (known fields: ${Object.keys(FIELD_SCHEMAS).join(", ")})`,
    );
  }
  const parsed = frontMatterSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0]);
    const line = fileLineOf(key);
    return fail(line ?? 1, line === null ? `${key} is missing` : issue.message);
  }

  const fields = parsed.data;
  const fileSlug = slugify(file.replace(/^.*\//, "").replace(/\.md$/i, ""));
  const slug = fields.slug ?? fileSlug;
  if (!slug)
    return fail(1, "cannot make a URL from the file name: add a `slug` field");

  const body = lines.slice(closing + 1).join("\n");
  return {
    ok: true,
    post: {
      slug,
      title: fields.title,
      date: fields.date,
      time: fields.time ?? null,
      author: fields.author,
      tags: fields.tags,
      area: fields.area ?? null,
      summary: fields.summary,
      comments: fields.comments,
      draft: fields.draft,
      body,
      bodyLine: closing + 2,
    },
  };
}
