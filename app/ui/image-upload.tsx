import { useEffect, useRef, useState, type MouseEvent } from "react";
import {
  ALT_TEXT_MAX,
  IMAGE_ACCEPT,
  IMAGE_MESSAGES,
  IMAGE_UPLOAD_PATH,
  MAX_IMAGE_BYTES,
  type ImageUploadAnswer,
  type ImageUploadErrors,
} from "~/domain/image-upload";
import { insertBlock } from "~/domain/markdown-edits";
import { Field } from "./field";
import { editTextarea, textareaById } from "./textarea-edit";

export const DEFAULT_IMAGE_UPLOAD_FORM = "image-upload";

/** Where the upload posts, carrying the page to go back to. */
function uploadAction(returnTo: string | undefined): string {
  return returnTo === undefined
    ? IMAGE_UPLOAD_PATH
    : `${IMAGE_UPLOAD_PATH}?${new URLSearchParams({ return: returnTo })}`;
}

/**
 * The upload's own `<form>`, empty: the fields of `<ImageUpload>` join it through their `form`
 * attribute. It must be outside every other form, since forms cannot nest (a browser drops an
 * inner `<form>` tag, and its fields would be sent with the outer form).
 *
 * `newTab` (the default): without JavaScript, the answer (the Markdown to paste) opens in a new
 * tab, so the post being written stays as it was, unsaved words and all.
 */
export function ImageUploadForm({
  id = DEFAULT_IMAGE_UPLOAD_FORM,
  returnTo,
  newTab = true,
}: {
  id?: string;
  /** A path on this site that the answer page links back to. */
  returnTo?: string;
  newTab?: boolean;
}) {
  return (
    <form
      id={id}
      method="post"
      action={uploadAction(returnTo)}
      encType="multipart/form-data"
      target={newTab ? "_blank" : undefined}
    />
  );
}

/** The refusal shown when the server's answer is not the upload's own JSON. */
function refusalFor(status: number): ImageUploadErrors {
  if (status === 413) return { image: IMAGE_MESSAGES.tooLarge };
  if (status === 401 || status === 403)
    return {
      form: "You are no longer signed in as an editor. Sign in again in another tab, then upload the image again.",
    };
  return { form: "The image could not be uploaded. Please try again." };
}

function isAnswer(value: unknown): value is ImageUploadAnswer {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { ok?: unknown }).ok === "boolean"
  );
}

/**
 * An image for a post: the file, its alt text (required) and an Upload button.
 *
 * How to mount it in the post form: put `<ImageUpload target="post-body" />` where it belongs
 * (beside the body, even inside the post's `<form>`), and `<ImageUploadForm />` once anywhere
 * outside that form (after its closing tag). The fields are tied to the upload form by their
 * `form` attribute, so the post form never sends the file, and the upload never sends the post.
 *
 * With JavaScript, Upload sends the file by fetch to /write/images and inserts the Markdown
 * `![alt](images/<name>)` at the cursor of the textarea whose id is `target`, as a paragraph of
 * its own (the textarea gets an `input` event, as if typed). Without JavaScript, or when the
 * page has no such textarea, the form is sent as a form: the answer page shows the Markdown to
 * paste. A refusal (not an image, too large, no alt text) is shown beside its field.
 */
export function ImageUpload({
  target,
  formId = DEFAULT_IMAGE_UPLOAD_FORM,
  alt = "",
  errors: initialErrors = {},
}: {
  /** The id of the Markdown textarea the image is inserted into. */
  target?: string;
  formId?: string;
  /** The alt text typed before, when the answer page draws the form again after a refusal. */
  alt?: string;
  errors?: ImageUploadErrors;
}) {
  const [hydrated, setHydrated] = useState(false);
  const [errors, setErrors] = useState<ImageUploadErrors>(initialErrors);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState("");
  const file = useRef<HTMLInputElement>(null);
  const altText = useRef<HTMLInputElement>(null);
  useEffect(() => setHydrated(true), []);

  async function upload(event: MouseEvent<HTMLButtonElement>) {
    const textarea = target === undefined ? null : textareaById(target);
    const form = event.currentTarget.form;
    // No textarea to insert into: the form is sent, and the answer page shows the Markdown.
    if (!textarea || !form) return;
    event.preventDefault();
    if (busy) return;
    const chosen = file.current?.files?.[0];
    const description = altText.current?.value ?? "";
    const found: ImageUploadErrors = {};
    if (!chosen) found.image = IMAGE_MESSAGES.missing;
    else if (chosen.size > MAX_IMAGE_BYTES)
      found.image = IMAGE_MESSAGES.tooLarge;
    if (description.trim() === "") found.alt = IMAGE_MESSAGES.altMissing;
    setErrors(found);
    if (!chosen || found.image || found.alt) {
      setStatus("");
      (found.image ? file : altText).current?.focus();
      return;
    }
    const data = new FormData();
    data.append("image", chosen);
    data.append("alt", description);
    setBusy(true);
    setStatus("Uploading the image…");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer: unknown = await response.json().catch(() => null);
      if (!isAnswer(answer)) {
        // Signed out meanwhile: fetch followed the redirect to the sign-in page.
        setErrors(refusalFor(response.redirected ? 401 : response.status));
        setStatus("");
      } else if (!answer.ok) {
        setErrors(answer.errors);
        setStatus("");
        (answer.errors.image ? file : altText).current?.focus();
      } else {
        editTextarea(textarea, (selection) =>
          insertBlock(selection, answer.markdown),
        );
        if (file.current) file.current.value = "";
        if (altText.current) altText.current.value = "";
        setErrors({});
        setStatus(
          `The image is in the body, ${answer.width} × ${answer.height} pixels, where the cursor was.`,
        );
      }
    } catch {
      setErrors({
        form: "The image could not be sent: check the connection, then try again.",
      });
      setStatus("");
    } finally {
      setBusy(false);
    }
  }

  const id = (name: string) => `${formId}-${name}`;
  return (
    <fieldset className="image-upload">
      <legend>Add an image</legend>
      {errors.form ? (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <Field
        id={id("file")}
        label="Image"
        hint={`JPEG, PNG, WebP or GIF, up to ${MAX_IMAGE_BYTES / 1024 / 1024} MB. Location, camera and other details in the file are removed.`}
        error={errors.image}
        control={(props) => (
          <input
            {...props}
            ref={file}
            type="file"
            name="image"
            accept={IMAGE_ACCEPT}
            form={formId}
          />
        )}
      />
      <Field
        id={id("alt")}
        label="Description (alt text)"
        hint="What the image shows, for readers who cannot see it."
        error={errors.alt}
        control={(props) => (
          <input
            {...props}
            ref={altText}
            type="text"
            name="alt"
            defaultValue={alt}
            maxLength={ALT_TEXT_MAX}
            form={formId}
          />
        )}
      />
      <p className="actions">
        <button
          type="submit"
          form={formId}
          className="secondary"
          onClick={upload}
          aria-disabled={busy || undefined}
        >
          Upload image
        </button>
      </p>
      <p className="hint" role="status">
        {status ||
          (hydrated && target !== undefined
            ? "The image goes into the body where the cursor is."
            : target !== undefined
              ? "The Markdown to paste into the body opens in a new tab."
              : "")}
      </p>
    </fieldset>
  );
}
