/**
 * What an editor may upload as a post's image, and how it is named in the post's Markdown
 * (decision 058). Pure: the server's image pipeline and the upload form share these.
 */

/** The largest image file accepted: a phone's full-size photo is 2 to 8 MB. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * The largest request an upload may send: the image and the form around it (the alt text and
 * the multipart boundaries are a few kilobytes). The server refuses a larger body with 413.
 */
export const MAX_IMAGE_UPLOAD_BODY_BYTES = MAX_IMAGE_BYTES + 64 * 1024;

/**
 * No decoded image may have more pixels than this (a 48-megapixel phone photo is 8000 × 6000):
 * a small file can claim a huge canvas, and decoding it would take gigabytes of memory.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** The widest and tallest an image is stored; smaller images keep their size. */
export const MAX_IMAGE_WIDTH = 1600;
export const MAX_IMAGE_HEIGHT = 2400;

/** Alt text describes the picture in a sentence or two; a screen reader reads all of it. */
export const ALT_TEXT_MAX = 300;

export const IMAGE_FORMATS = ["jpeg", "png", "webp", "gif"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** The file name ending each stored format gets (what /media serves it as). */
export const IMAGE_EXTENSIONS: Record<ImageFormat, string> = {
  jpeg: "jpg",
  png: "png",
  webp: "webp",
  gif: "gif",
};

/** What the file input offers; the server checks the bytes, whatever the browser says. */
export const IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif";

const startsWith = (bytes: Uint8Array, signature: number[], at = 0) =>
  bytes.length >= at + signature.length &&
  signature.every((byte, index) => bytes[at + index] === byte);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/**
 * The format of an image from its first bytes (its signature), or null when it is none of the
 * four accepted. The file's name and the type the browser claims are never consulted: a
 * program renamed `photo.png` is still a program.
 */
export function imageFormatOf(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
    return "png";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a")))
    return "gif";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8))
    return "webp";
  return null;
}

export const IMAGE_MESSAGES = {
  missing: "Choose an image to upload.",
  empty: "This file is empty. Choose the image again.",
  tooLarge: `This image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB. Choose a smaller one, or save it smaller first.`,
  notAnImage:
    "This file is not a JPEG, PNG, WebP or GIF image. Choose a photo or picture in one of those formats.",
  unreadable:
    "This image could not be read: the file may be damaged. Save it again and choose the new file.",
  tooManyPixels: `This image is too big to work with (more than ${MAX_IMAGE_PIXELS / 1_000_000} million pixels). Make it smaller first.`,
  altMissing:
    "Describe the image for readers who cannot see it: what does it show?",
  altTooLong: `Keep the description to ${ALT_TEXT_MAX} characters or fewer.`,
  diskFull:
    "The server has no room left to store the image. Please try again later, or tell the site's administrator.",
} as const;

/**
 * Alt text as one line of Markdown: line breaks become spaces (a new line would end the image),
 * and backslashes and square brackets are escaped so that the text cannot close the image's
 * brackets early. Rendered, the reader sees exactly what was typed.
 */
export function markdownAltText(alt: string): string {
  return alt
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\[\]]/g, (character) => `\\${character}`);
}

/** The Markdown that shows a stored image, its path relative to the posts folder. */
export function imageMarkdown(alt: string, relativePath: string): string {
  return `![${markdownAltText(alt)}](${relativePath})`;
}

/** Where the upload form posts (app/routes/write.images.tsx). */
export const IMAGE_UPLOAD_PATH = "/write/images";

/** What the upload form's fields are refused with, each beside its field. */
export type ImageUploadErrors = Partial<
  Record<"image" | "alt" | "form", string>
>;

/** The JSON /write/images answers a script with. */
export type ImageUploadAnswer =
  | {
      ok: true;
      markdown: string;
      path: string;
      width: number;
      height: number;
    }
  | { ok: false; errors: ImageUploadErrors };
