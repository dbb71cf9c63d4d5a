// The comment form's field names, shapes and limits, without its validation, for the browser's code.

/** The longest body the form takes at all; the policy's own, lower limit explains itself. */
export const BODY_HARD_LIMIT = 50_000;
export const NAME_LIMIT = 80;
export const EMAIL_LIMIT = 254;

/** A field no person sees or fills in; only form-filling robots do. */
export const HONEYPOT_FIELD = "website";

export type CommentFormField = "name" | "email" | "body" | "form";

/** What the person typed, to put back in the form when it is refused. */
export type CommentFormValues = {
  name: string;
  email: string;
  body: string;
  parentId: string;
};
