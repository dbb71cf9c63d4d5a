import { z } from "zod";
import { fieldErrors, type FieldErrors } from "./account-forms";
import { isCalendarDate } from "./dates";
import type { PostFields } from "./post-file";
import { COMMENTS_MODES, TIME_OF_DAY } from "./post-source";
import { isDeskPageName, isSlug, slugify } from "./slug";
import type { WritingLogAction } from "./writing";

/** The writing desk form's fields, as the browser sends them (all text). */
export const POST_FORM_FIELDS = [
  "title",
  "date",
  "time",
  "author",
  "summary",
  "tags",
  "area",
  "comments",
  "slug",
  "body",
] as const;
export type PostFormField = (typeof POST_FORM_FIELDS)[number];
export type PostFormValues = Record<PostFormField, string>;

/** Front matter limits (app/domain/post-source.ts) said in the desk's words. */
const text = (empty: string, max: number, long: string) =>
  z.string().trim().min(1, { error: empty }).max(max, { error: long });

const postFormSchema = z.object({
  title: text(
    "Give the post a title.",
    200,
    "Keep the title to 200 characters.",
  ),
  date: z
    .string()
    .trim()
    .refine(isCalendarDate, { error: "Give a real date, like 2026-12-03." }),
  // Empty means the start of the date.
  time: z
    .string()
    .trim()
    .refine((value) => value === "" || TIME_OF_DAY.test(value), {
      error: "Give a time of day like 09:30, or leave it empty.",
    }),
  author: text(
    "Say who the post is by.",
    100,
    "Keep the author's name to 100 characters.",
  ),
  summary: z
    .string()
    .trim()
    .max(500, { error: "Keep the summary to 500 characters." }),
  tags: z
    .string()
    .max(1000, { error: "That is too many tags." })
    .transform((value) => [
      ...new Set(
        value
          .split(",")
          .map((tag) => tag.trim())
          .filter((tag) => tag !== ""),
      ),
    ])
    .refine((tags) => tags.every((tag) => slugify(tag) !== ""), {
      error: "Every tag needs a letter or a digit.",
    })
    .refine((tags) => tags.every((tag) => tag.length <= 60), {
      error: "Keep each tag to 60 characters.",
    }),
  area: z
    .string()
    .trim()
    .max(100, { error: "Keep the area to 100 characters." })
    .refine((area) => area === "" || slugify(area) !== "", {
      error: "The area needs a letter or a digit.",
    }),
  comments: z.enum(COMMENTS_MODES, {
    error: "Choose who may comment.",
  }),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(120, { error: "Keep the address to 120 characters." })
    .refine((slug) => slug === "" || isSlug(slug), {
      error:
        "Use lowercase letters and digits joined by hyphens, like shed-security.",
    }),
  body: z
    .string()
    .max(200_000, { error: "The post is longer than 200,000 characters." }),
});

export type ParsedPostForm =
  | { ok: true; fields: PostFields }
  | { ok: false; errors: FieldErrors<PostFormField> };

/**
 * The writing form's values as a post's fields, or a message beside each field that is wrong.
 * An empty slug is suggested from the title; `draft` is which button was pressed.
 */
export function parsePostForm(
  values: Partial<Record<string, unknown>>,
  draft: boolean,
): ParsedPostForm {
  const given = Object.fromEntries(
    POST_FORM_FIELDS.map((name) => [
      name,
      typeof values[name] === "string" ? values[name] : "",
    ]),
  );
  const parsed = postFormSchema.safeParse(given);
  if (!parsed.success) {
    return {
      ok: false,
      errors: fieldErrors(parsed.error.issues, { fields: POST_FORM_FIELDS }),
    };
  }
  const form = parsed.data;
  const slug = form.slug === "" ? suggestSlug(form.title) : form.slug;
  if (slug === "") {
    return {
      ok: false,
      errors: {
        slug: "The title has no letters or digits to make an address from: write one here.",
      },
    };
  }
  if (isDeskPageName(slug)) {
    return {
      ok: false,
      errors: {
        slug: `“${slug}” is kept for the desk's own page: choose another address.`,
      },
    };
  }
  return {
    ok: true,
    fields: {
      slug,
      title: form.title,
      date: form.date,
      time: form.time === "" ? null : form.time,
      author: form.author,
      summary: form.summary,
      tags: form.tags,
      area: form.area === "" ? null : form.area,
      comments: form.comments,
      draft,
      body: form.body,
    },
  };
}

/** The address a title suggests, kept short enough to type. */
export function suggestSlug(title: string): string {
  const slug = slugify(title);
  if (slug.length <= 80) return slug;
  return slug.slice(0, 80).replace(/-[^-]*$/, "");
}

/** A post's fields as the form shows them. */
export function postToForm(fields: PostFields): PostFormValues {
  return {
    title: fields.title,
    date: fields.date,
    time: fields.time ?? "",
    author: fields.author,
    summary: fields.summary,
    tags: fields.tags.join(", "),
    area: fields.area ?? "",
    comments: fields.comments,
    slug: fields.slug,
    body: fields.body,
  };
}

/** What was typed, as text, to give back with a refused form. */
export function typedPostForm(
  values: Partial<Record<string, unknown>>,
): PostFormValues {
  return Object.fromEntries(
    POST_FORM_FIELDS.map((name) => [
      name,
      typeof values[name] === "string" ? values[name] : "",
    ]),
  ) as PostFormValues;
}

/** Which button of the writing form was pressed; anything else is a save. */
export const writeIntentSchema = z
  .enum(["preview", "save", "draft", "unpublish", "delete", "delete-confirmed"])
  .catch("save");
export type WriteIntent = z.infer<typeof writeIntentSchema>;

const SAVED_NOTICES: Record<WritingLogAction, string> = {
  "post.published": "Published: readers see it now.",
  "post.scheduled":
    "Scheduled: readers will see it from its date and time, by itself.",
  "post.edited": "Saved.",
  "post.drafted": "Saved as a draft: only editors see it.",
  "post.unpublished":
    "Unpublished: it is a draft again, and readers no longer see it.",
  "post.restored":
    "The earlier version is back, and the one it replaced is in the history.",
  "post.deleted": "Moved to the trash.",
};

/** What the desk says after a save. */
export function savedNotice(action: WritingLogAction): string {
  return SAVED_NOTICES[action];
}
