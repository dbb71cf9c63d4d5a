// The comment form's field names and shapes, without its validation, for the browser's code.

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
