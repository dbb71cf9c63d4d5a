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
  /** "Tell me what happens to this comment" was ticked. */
  tellMe: boolean;
  /** "Email me when someone replies" was ticked. */
  notifyReplies: boolean;
};

/** What the comment action answers; the page and the form share it. */
export type CommentActionResult = {
  form: "comment";
  formId: string;
  /** The text reads as happening now: the result repeats the 999 prompt (for pages without scripts). */
  call999?: boolean;
} & (
  | {
      /** unavailable: the site could not store it (a full disk); nothing was posted. */
      status: "invalid" | "rejected" | "unavailable";
      message: string;
      errors: Partial<Record<CommentFormField, string>>;
      values: CommentFormValues;
    }
  | { status: "preview"; previewHtml: string; values: CommentFormValues }
  | {
      status: "published" | "held";
      message: string;
      /** The stored comment: numbered once published, known by its id while held. */
      comment: { id: number; number: number | null };
    }
);

export function commentFormId(parentId: number | null): string {
  return parentId === null ? "new" : `reply-${parentId}`;
}
