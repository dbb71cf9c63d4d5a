import { z } from "zod";

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;
/** RFC 5321's limit. */
export const EMAIL_MAX = 254;
export const DISPLAY_NAME_MAX = 80;

/** An email as people type it: trimmed, lower-cased, at most EMAIL_MAX characters. */
export const emailSchema = z
  .string({ error: "Give your email address." })
  .trim()
  .toLowerCase()
  .max(EMAIL_MAX, { error: "That email address is too long." })
  .pipe(z.email({ error: "That does not look like an email address." }));

export const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: "Give your password." })
    .min(1, { error: "Give your password." })
    .max(PASSWORD_MAX),
});

/** A password someone chooses (sign-up, reset, change). */
export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(PASSWORD_MIN, {
    error: `A password needs at least ${PASSWORD_MIN} characters.`,
  })
  .max(PASSWORD_MAX, {
    error: `A password can be at most ${PASSWORD_MAX} characters.`,
  });

/** The name shown on a member's comments. */
export const displayNameSchema = z
  .string({ error: "Give the name to show on your comments." })
  .trim()
  .min(2, { error: "A name needs at least 2 characters." })
  .max(DISPLAY_NAME_MAX, {
    error: `A name can be at most ${DISPLAY_NAME_MAX} characters.`,
  })
  .refine((name) => !/[\u0000-\u001f\u007f\uFFFD]/.test(name), {
    error: "The name contains characters that cannot be stored.",
  });

export const signUpSchema = z.object({
  email: emailSchema,
  displayName: displayNameSchema,
  password: newPasswordSchema,
});

export const forgotPasswordSchema = z.object({ email: emailSchema });

export const resetPasswordSchema = z.object({ password: newPasswordSchema });

export type FieldErrors<K extends string> = Partial<Record<K | "form", string>>;

type FormIssue = { path: PropertyKey[]; message: string };

/**
 * The first message for each field of a failed parse: every form's one way from zod's issues to
 * the messages beside its fields. With `fields`, an issue about anything else goes to `otherwise`
 * ("form", the message above the form, unless told); `message` rewords an issue for the reader.
 */
export function fieldErrors<K extends string, I extends FormIssue = FormIssue>(
  issues: readonly I[],
  {
    fields,
    otherwise = "form",
    message = (issue) => issue.message,
  }: {
    fields?: readonly K[];
    otherwise?: K | "form";
    message?: (issue: I) => string;
  } = {},
): FieldErrors<K> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path[0];
    const field =
      key === undefined
        ? otherwise
        : fields && !fields.includes(key as K)
          ? otherwise
          : String(key);
    errors[field] ??= message(issue);
  }
  return errors as FieldErrors<K>;
}

export const displayNameFormSchema = z.object({
  displayName: displayNameSchema,
});

export const changePasswordSchema = z.object({
  currentPassword: z
    .string({ error: "Give your current password." })
    .min(1, { error: "Give your current password." })
    .max(PASSWORD_MAX),
  password: newPasswordSchema,
});

export const deleteAccountSchema = z.object({
  currentPassword: z
    .string({ error: "Give your password to delete your account." })
    .min(1, { error: "Give your password to delete your account." })
    .max(PASSWORD_MAX),
});

export const changeEmailSchema = z.object({
  email: emailSchema,
  currentPassword: z
    .string({ error: "Give your current password." })
    .min(1, { error: "Give your current password." })
    .max(PASSWORD_MAX),
});
