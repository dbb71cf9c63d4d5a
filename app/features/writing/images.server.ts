import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { SharpOptions } from "sharp";
import {
  ALT_TEXT_MAX,
  IMAGE_EXTENSIONS,
  IMAGE_MESSAGES,
  imageFormatOf,
  imageMarkdown,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_HEIGHT,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_WIDTH,
  type ImageFormat,
  type ImageUploadErrors,
} from "~/domain/image-upload";
import { slugify } from "~/domain/slug";
import {
  DISK_FULL_RETRY_SECONDS,
  isOutOfSpace,
} from "~/platform/disk-space.server";
import { env } from "~/platform/env.server";
import { POSTS_FOLDER } from "../posts/content-sync.server";

let imageLibrary: Promise<typeof import("sharp")> | undefined;

/**
 * sharp, loaded at the first upload: libvips takes about 7 MB of the server's memory from the
 * moment it is loaded, and a server most of whose requests are readers' may never need it.
 */
function loadImageLibrary(): Promise<typeof import("sharp")> {
  imageLibrary ??= import("sharp").then(({ default: sharp }) => {
    // libvips keeps recent operations (up to 50 MB) in case the same image is asked for again;
    // an upload is processed once, and the memory is better kept for pages (decision 023).
    sharp.cache(false);
    return sharp;
  });
  return imageLibrary;
}

/** The folder of content/posts/ that uploaded images are stored in, as posts reference them. */
export const IMAGES_FOLDER = "images";

export type StoredImage = {
  /** What to insert in the post's body: `![alt](images/<name>)`. */
  markdown: string;
  /** The image's path relative to content/posts/ (`images/<name>`). */
  path: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
};

export type ImageUploadOutcome =
  | { ok: true; image: StoredImage }
  | {
      ok: false;
      errors: ImageUploadErrors;
      /** Set when the disk is full: the upload may succeed when tried again after this long. */
      retryAfterSeconds?: number;
    };

/** What an upload form sent: the file's bytes (null when no file came) and its alt text. */
export type ImageUpload = { bytes: Uint8Array | null; alt: string };

function altTextError(alt: string): string | undefined {
  const trimmed = alt.trim();
  if (trimmed === "") return IMAGE_MESSAGES.altMissing;
  if (trimmed.length > ALT_TEXT_MAX) return IMAGE_MESSAGES.altTooLong;
  return undefined;
}

/** A refusal of the file before any decoding: nothing, nothing in it, too much, or no image. */
function fileError(
  bytes: Uint8Array | null,
): { error: string } | { format: ImageFormat } {
  if (bytes === null) return { error: IMAGE_MESSAGES.missing };
  if (bytes.length === 0) return { error: IMAGE_MESSAGES.empty };
  if (bytes.length > MAX_IMAGE_BYTES) return { error: IMAGE_MESSAGES.tooLarge };
  const format = imageFormatOf(bytes);
  return format === null ? { error: IMAGE_MESSAGES.notAnImage } : { format };
}

// libvips stops at the first damaged byte it cannot read past; a file that claims more pixels
// than the limit is refused before it is decoded.
const decodeOptions = (animated: boolean): SharpOptions => ({
  animated,
  failOn: "error",
  limitInputPixels: MAX_IMAGE_PIXELS,
});

/** What the editor is told when libvips could not decode the file. */
function decodingError(error: unknown): string {
  return error instanceof Error && /pixel limit/i.test(error.message)
    ? IMAGE_MESSAGES.tooManyPixels
    : IMAGE_MESSAGES.unreadable;
}

/**
 * The image as it is stored: turned upright by its EXIF orientation, no wider than
 * MAX_IMAGE_WIDTH and no taller than MAX_IMAGE_HEIGHT (never enlarged), in its own format, and
 * re-encoded from its pixels, so nothing of the original file travels with it: no EXIF (camera,
 * time, GPS position), no XMP or IPTC, no comments. Colours are converted to sRGB, so the ICC
 * profile is not needed either. An animated GIF or WebP keeps its frames.
 */
async function reencode(
  sharp: typeof import("sharp"),
  bytes: Uint8Array,
  format: ImageFormat,
  animated: boolean,
): Promise<{ data: Buffer; width: number; height: number }> {
  let pipeline = sharp(bytes, decodeOptions(animated));
  // EXIF orientation belongs to a single photo; the frames of an animation have none.
  if (!animated) pipeline = pipeline.rotate();
  pipeline = pipeline.resize({
    width: MAX_IMAGE_WIDTH,
    height: MAX_IMAGE_HEIGHT,
    fit: "inside",
    withoutEnlargement: true,
  });
  const encoded =
    format === "jpeg"
      ? pipeline.jpeg({ quality: 82, mozjpeg: true })
      : format === "png"
        ? pipeline.png({ compressionLevel: 9 })
        : format === "webp"
          ? pipeline.webp({ quality: 82 })
          : pipeline.gif();
  const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
  return {
    data,
    width: info.width,
    height: info.pageHeight ?? info.height,
  };
}

/**
 * A file name nobody chose: a few words of the alt text, for whoever reads the folder, and 12
 * random hex digits, so no two uploads share a name and none can be guessed or aimed at another
 * file. Only lowercase letters, digits and hyphens: what /media serves.
 */
function generatedName(alt: string, format: ImageFormat): string {
  // A slug keeps letters of any script; /media serves ASCII names only.
  const slug = slugify(alt.replace(/\s+/g, " "))
    .replace(/[^a-z0-9-]+/g, "")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  // Cut at a word's end: at most 40 characters, or the first word's first 40.
  const cut = slug.slice(0, 41);
  const words =
    slug.length <= 40
      ? slug
      : /^[^-]+-/.test(cut)
        ? cut.replace(/-[^-]*$/, "")
        : slug.slice(0, 40);
  const stem = words === "" ? "image" : words;
  return `${stem}-${randomBytes(6).toString("hex")}.${IMAGE_EXTENSIONS[format]}`;
}

/**
 * Checks an uploaded image by its bytes, strips everything but its pixels, resizes it, stores it
 * under content/posts/images/ with a generated name, and gives back the Markdown that shows it.
 * A refusal names the field at fault with a sentence for the editor; nothing is written then.
 * A full disk is a refusal too, of the whole form, with when to try again.
 * The file is written whole before it appears under its name (a temporary file, then a rename),
 * so a reader can never be served half an image.
 */
export async function storePostImage(
  upload: ImageUpload,
  contentDir: string = env().CONTENT_DIR,
): Promise<ImageUploadOutcome> {
  const errors: ImageUploadErrors = {};
  const alt = altTextError(upload.alt);
  if (alt) errors.alt = alt;
  const file = fileError(upload.bytes);
  if ("error" in file) errors.image = file.error;
  if ("error" in file || alt || upload.bytes === null)
    return { ok: false, errors };

  const { format } = file;
  const bytes = upload.bytes;
  // Outside the decoder's try: a library that cannot load is the server's fault, not the file's.
  const sharp = await loadImageLibrary();
  let pages: number;
  try {
    const metadata = await sharp(bytes, decodeOptions(false)).metadata();
    // The signature said one format; the decoder must agree (a PNG header on a GIF is neither).
    if (metadata.format !== format)
      return { ok: false, errors: { image: IMAGE_MESSAGES.notAnImage } };
    pages = metadata.pages ?? 1;
    const pageHeight = metadata.pageHeight ?? metadata.height;
    if (metadata.width * pageHeight > MAX_IMAGE_PIXELS)
      return { ok: false, errors: { image: IMAGE_MESSAGES.tooManyPixels } };
  } catch (error) {
    return { ok: false, errors: { image: decodingError(error) } };
  }

  let stored: Awaited<ReturnType<typeof reencode>>;
  try {
    stored = await reencode(sharp, bytes, format, pages > 1);
  } catch (error) {
    return { ok: false, errors: { image: decodingError(error) } };
  }

  const folder = join(contentDir, POSTS_FOLDER, IMAGES_FOLDER);
  const name = generatedName(upload.alt, format);
  // Hidden from /media (it serves no name starting with a dot) until it is renamed.
  const temporary = join(folder, `.${name}.${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(folder, { recursive: true });
    await writeFile(temporary, stored.data, { flag: "wx" });
    await rename(temporary, join(folder, name));
  } catch (error) {
    await rm(temporary, { force: true });
    if (!isOutOfSpace(error)) throw error;
    return {
      ok: false,
      errors: { form: IMAGE_MESSAGES.diskFull },
      retryAfterSeconds: DISK_FULL_RETRY_SECONDS,
    };
  }
  const path = `${IMAGES_FOLDER}/${name}`;
  return {
    ok: true,
    image: {
      markdown: imageMarkdown(upload.alt, path),
      path,
      format,
      width: stored.width,
      height: stored.height,
      bytes: stored.data.length,
    },
  };
}
