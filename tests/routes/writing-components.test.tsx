// What the writing desk's extras draw before JavaScript runs, that is, what a browser without
// JavaScript gets: the toolbar and the live preview nothing (there is nothing for them to do),
// the image upload a working form of its own that the post form never sends.
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { IMAGE_MESSAGES } from "~/domain/image-upload";
import { ImageUpload, ImageUploadForm } from "~/ui/image-upload";
import { LivePreview } from "~/ui/live-preview";
import { MarkdownToolbar } from "~/ui/markdown-toolbar";

describe("without JavaScript", () => {
  it("the toolbar and the live preview draw nothing", () => {
    expect(renderToStaticMarkup(<MarkdownToolbar target="post-body" />)).toBe(
      "",
    );
    expect(renderToStaticMarkup(<LivePreview target="post-body" />)).toBe("");
  });

  it("the upload's form posts the file as multipart to /write/images, the answer in a new tab", () => {
    const html = renderToStaticMarkup(
      <ImageUploadForm returnTo="/write/shed-security" />,
    );
    expect(html).toBe(
      '<form id="image-upload" method="post" action="/write/images?return=%2Fwrite%2Fshed-security" encType="multipart/form-data" target="_blank"></form>',
    );
  });

  it("the upload's fields and button belong to that form, wherever they are drawn", () => {
    // Drawn inside the post's form, they still go with the upload form, and only with it.
    const html = renderToStaticMarkup(
      <form method="post" action="/write/new">
        <textarea id="post-body" name="body" />
        <ImageUpload target="post-body" />
      </form>,
    );
    expect(html).not.toMatch(/<form[^>]*>[\s\S]*<form/);
    const controls = html.match(/<(?:input|button)\b[^>]*>/g) ?? [];
    expect(controls).toHaveLength(3);
    for (const control of controls)
      expect(control).toContain('form="image-upload"');
    expect(html).toContain('type="file"');
    expect(html).toContain(
      'accept="image/jpeg,image/png,image/webp,image/gif"',
    );
    expect(html).toContain(
      '<label for="image-upload-alt">Description (alt text)</label>',
    );
    expect(html).toContain('<button type="submit" form="image-upload"');
    expect(html).toContain("opens in a new tab");
  });

  it("a refusal is drawn beside its field, with the alt text as typed", () => {
    const html = renderToStaticMarkup(
      <ImageUpload
        alt="A shed"
        errors={{ image: IMAGE_MESSAGES.notAnImage }}
      />,
    );
    expect(html).toContain('value="A shed"');
    expect(html).toContain(
      `<p class="field-error" id="image-upload-file-error">${IMAGE_MESSAGES.notAnImage}</p>`,
    );
  });
});
