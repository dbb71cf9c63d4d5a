import { z } from "zod";
import { fieldErrors } from "./account-forms";
import {
  BODY_HARD_LIMIT,
  EMAIL_LIMIT,
  HONEYPOT_FIELD,
  NAME_LIMIT,
  type CommentFormField,
  type CommentFormValues,
} from "./comment-fields";
import { OUTCOME_NOTICE_FIELD } from "./commenter-notices";
import { groupedDigits } from "./numbers";

export { BODY_HARD_LIMIT, EMAIL_LIMIT, NAME_LIMIT };

// U+FFFD stands where the browser sent bytes that were not UTF-8.
const UNSTORABLE = /[\u0000\uFFFD]/;
const storable = (field: string) =>
  z
    .string({ error: `${field} is missing from the form.` })
    .refine((text) => !UNSTORABLE.test(text), {
      error: `${field} contains characters that cannot be stored (a NUL byte or text that is not UTF-8)`,
    });

const optionalText = (schema: z.ZodType<string, string>) =>
  z
    .string()
    .optional()
    .transform((text) => text?.trim() ?? "")
    .pipe(schema)
    .transform((text) => (text === "" ? null : text));

export const commentFormSchema = z.object({
  intent: z.enum(["comment", "preview"], {
    error: "The form was sent without a valid action.",
  }),
  name: optionalText(
    storable("The name").max(NAME_LIMIT, {
      error: `A name can be at most ${NAME_LIMIT} characters.`,
    }),
  ),
  email: optionalText(
    storable("The email")
      .max(EMAIL_LIMIT, { error: "That email address is too long." })
      .refine((text) => text === "" || z.email().safeParse(text).success, {
        error: "That does not look like an email address.",
      }),
  ),
  body: storable("The comment").max(BODY_HARD_LIMIT, {
    error: `A comment can be at most ${groupedDigits(BODY_HARD_LIMIT)} characters.`,
  }),
  parentId: z
    .string()
    .optional()
    .refine((text) => !text || /^[1-9]\d{0,15}$/.test(text), {
      error: "The reply was sent for an unknown comment.",
    })
    .transform((text) => (text ? Number(text) : null)),
  // A ticked checkbox sends "on"; an unticked one sends nothing.
  [OUTCOME_NOTICE_FIELD]: z
    .string()
    .optional()
    .transform((text) => text === "on"),
  notifyReplies: z
    .string()
    .optional()
    .transform((text) => text === "on"),
  [HONEYPOT_FIELD]: z
    .string()
    .optional()
    .refine((text) => !text, { error: "The form was filled in by a robot." }),
});

export type CommentForm = z.output<typeof commentFormSchema>;

export function formValues(data: Record<string, unknown>): CommentFormValues {
  const text = (key: string) =>
    typeof data[key] === "string" ? (data[key] as string) : "";
  return {
    name: text("name"),
    email: text("email"),
    body: text("body"),
    parentId: text("parentId"),
    tellMe: text(OUTCOME_NOTICE_FIELD) === "on",
    notifyReplies: text("notifyReplies") === "on",
  };
}

/** Validates a submitted comment form; errors are keyed by the field they belong beside. */
export function parseCommentForm(
  data: Record<string, unknown>,
):
  | { ok: true; form: CommentForm }
  | { ok: false; errors: Partial<Record<CommentFormField, string>> } {
  const parsed = commentFormSchema.safeParse(data);
  if (parsed.success) return { ok: true, form: parsed.data };
  const errors = fieldErrors<CommentFormField>(parsed.error.issues, {
    fields: ["name", "email", "body"],
  });
  return { ok: false, errors };
}
