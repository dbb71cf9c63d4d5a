import { Form } from "@remix-run/react";
import type { FieldErrors } from "~/domain/account-forms";
import { COMMENTS_MODES } from "~/domain/post-source";
import type { PostFormField, PostFormValues } from "~/domain/post-form";
import { Field } from "./field";
import { ImageUpload, ImageUploadForm } from "./image-upload";
import { LivePreview } from "./live-preview";
import { MarkdownToolbar } from "./markdown-toolbar";

const COMMENTS_LABELS: Record<(typeof COMMENTS_MODES)[number], string> = {
  open: "Open: anyone may comment",
  closed: "Closed: no new comments",
  members: "Members: signed-in members only",
};

/**
 * The writing desk's form for a new post or an edit. Its Markdown body is the textarea
 * `#post-body` (name `body`): the toolbar, live preview and image upload attach to it.
 * Every button posts the whole form, so nothing typed is lost whichever is pressed.
 */
export function PostEditor({
  values,
  errors,
  openedHash,
  published,
  isNew,
  tags,
  areas,
  previewHtml,
  returnTo,
}: {
  values: PostFormValues;
  errors: FieldErrors<PostFormField>;
  /** The hash of the file as it was opened, sent back to detect a change made meanwhile. */
  openedHash: string | null;
  /** A published (or scheduled) post: its address is fixed unless changed knowingly. */
  published: boolean;
  isNew: boolean;
  tags: readonly string[];
  areas: readonly string[];
  /** The body rendered by the site's renderer and sanitizer, after Preview. */
  previewHtml: string | null;
  /** This form's own address, which the image upload's answer page links back to. */
  returnTo: string;
}) {
  const hasErrors = Object.keys(errors).length > 0;
  return (
    <>
      <Form method="post" className="post-editor" aria-label="Post">
        {openedHash !== null ? (
          <input type="hidden" name="openedHash" value={openedHash} />
        ) : null}
        {hasErrors ? (
          <p className="form-message invalid" role="alert">
            {errors.form ??
              "Nothing was saved: please correct the fields marked below."}
          </p>
        ) : null}
        <Field
          id="post-title"
          label="Title"
          name="title"
          defaultValue={values.title}
          error={errors.title}
          required
          maxLength={200}
        />
        <div className="field-row">
          <Field
            id="post-date"
            label="Date"
            type="date"
            name="date"
            defaultValue={values.date}
            error={errors.date}
            required
          />
          <Field
            id="post-time"
            label="Time (UTC)"
            type="time"
            name="time"
            defaultValue={values.time}
            error={errors.time}
            hint="Empty: from the start of the date. A date or time ahead schedules the post: it appears then, by itself."
          />
        </div>
        <Field
          id="post-author"
          label="Author"
          name="author"
          defaultValue={values.author}
          error={errors.author}
          required
          maxLength={100}
        />
        <Field
          id="post-summary"
          label="Summary"
          hint="One or two sentences for the lists, the feeds and link previews. May be left empty."
          error={errors.summary}
          control={(props) => (
            <textarea
              {...props}
              name="summary"
              rows={2}
              maxLength={500}
              defaultValue={values.summary}
            />
          )}
        />
        <Field
          id="post-tags"
          label="Tags"
          name="tags"
          list="post-tag-choices"
          defaultValue={values.tags}
          error={errors.tags}
          hint="Separated by commas, like: bikes, street lighting. Pick an existing tag or add a new one."
        />
        <datalist id="post-tag-choices">
          {tags.map((tag) => (
            <option key={tag} value={tag} />
          ))}
        </datalist>
        <Field
          id="post-area"
          label="Area"
          name="area"
          list="post-area-choices"
          defaultValue={values.area}
          error={errors.area}
          hint="The part of the neighbourhood it is about; may be left empty."
        />
        <datalist id="post-area-choices">
          {areas.map((area) => (
            <option key={area} value={area} />
          ))}
        </datalist>
        <Field
          id="post-comments"
          label="Comments"
          error={errors.comments}
          control={(props) => (
            <select {...props} name="comments" defaultValue={values.comments}>
              {COMMENTS_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {COMMENTS_LABELS[mode]}
                </option>
              ))}
            </select>
          )}
        />
        <Field
          id="post-slug"
          label="Address"
          name="slug"
          defaultValue={values.slug}
          error={errors.slug}
          hint={
            isNew
              ? "The post's address: /posts/ and this. Leave it empty to make it from the title."
              : published
                ? "The post is published at this address; links to it are out there. Change it only knowingly: tick the box below, and the old address will redirect here."
                : "The post's address: /posts/ and this. It can change freely until the post is published."
          }
        />
        {published ? (
          <div className="field checkbox-field">
            <input
              type="checkbox"
              id="post-change-slug"
              name="changeSlug"
              value="yes"
            />
            <label htmlFor="post-change-slug">
              Change the address (the old one will redirect to the new one)
            </label>
          </div>
        ) : null}
        <MarkdownToolbar target="post-body" />
        <Field
          id="post-body"
          label="Body (Markdown)"
          error={errors.body}
          hint="Markdown: ## for a heading, **bold**, *italic*, [a link](https://…), - for a list."
          control={(props) => (
            <textarea
              {...props}
              name="body"
              rows={18}
              defaultValue={values.body}
              className="post-body-input"
            />
          )}
        />
        <ImageUpload target="post-body" />
        <LivePreview target="post-body" />
        {previewHtml !== null ? (
          <section
            className="post-preview"
            aria-labelledby="post-preview-title"
          >
            <h2 id="post-preview-title">Preview</h2>
            <p className="hint">
              As readers will see the body. Nothing is saved until you press
              Save.
            </p>
            <div
              className="post-body"
              dangerouslySetInnerHTML={{ __html: previewHtml }}
            />
          </section>
        ) : null}
        <div className="form-actions">
          <button
            type="submit"
            name="intent"
            value="preview"
            className="secondary"
            formNoValidate
          >
            Preview
          </button>
          <button type="submit" name="intent" value="save">
            {published ? "Save" : "Publish"}
          </button>
          {published ? (
            <button
              type="submit"
              name="intent"
              value="unpublish"
              className="secondary"
            >
              Unpublish
            </button>
          ) : (
            <button
              type="submit"
              name="intent"
              value="draft"
              className="secondary"
            >
              Save as draft
            </button>
          )}
          {!isNew ? (
            <button
              type="submit"
              name="intent"
              value="delete"
              className="danger"
              formNoValidate
            >
              Delete…
            </button>
          ) : null}
        </div>
      </Form>
      {/* Outside the post's form: forms cannot nest. The upload's fields join it by their form attribute. */}
      <ImageUploadForm returnTo={returnTo} />
    </>
  );
}
