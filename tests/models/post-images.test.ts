// An editor's upload becomes a post's image: checked by its bytes, stripped of everything that
// could say where the photographer lives, turned upright, made no wider than the page needs and
// stored under content/posts/images/. Every file here is a real image made with sharp (or a real
// non-image), read back with sharp as a reader's browser would get it.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import {
  ALT_TEXT_MAX,
  IMAGE_MESSAGES,
  MAX_IMAGE_BYTES,
  MAX_IMAGE_WIDTH,
} from "~/domain/image-upload";
import { renderPostMarkdown } from "~/platform/markdown.server";
import {
  storePostImage,
  type ImageUploadOutcome,
  type StoredImage,
} from "~/features/writing/images.server";

const contentDir = mkdtempSync(join(tmpdir(), "lookout-images-"));
const imagesDir = join(contentDir, "posts", "images");
afterAll(() => rmSync(contentDir, { recursive: true, force: true }));

const HOME_XMP =
  '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="51,30.437N" exif:GPSLongitude="0,7.687W"/>' +
  "</rdf:RDF></x:xmpmeta>";

/** A street photo as a phone saves it: camera make, GPS position, XMP, and turned by EXIF. */
function phonePhoto(): Promise<Buffer> {
  return (
    sharp({
      create: { width: 300, height: 200, channels: 3, background: "#3366cc" },
    })
      .jpeg()
      .withExif({
        IFD0: { Make: "LookoutTestCam", Model: "Street 1" },
        IFD3: {
          GPSLatitudeRef: "N",
          GPSLatitude: "51/1 30/1 2620/100",
          GPSLongitudeRef: "W",
          GPSLongitude: "0/1 7/1 4120/100",
        },
      })
      // Orientation 6: the camera was held on its side; shown upright, it is 200 wide, 300 high.
      .withMetadata({ orientation: 6 })
      .withXmp(HOME_XMP)
      .toBuffer()
  );
}

const picture = (
  width: number,
  height: number,
  format: "png" | "webp" | "gif" | "jpeg",
) =>
  sharp({
    create: { width, height, channels: 3, background: "#884422" },
  })
    .toFormat(format)
    .toBuffer();

/** Whether TIFF-structured EXIF points at a GPS directory (tag 0x8825 in its first directory). */
function hasGpsDirectory(exif: Buffer): boolean {
  const tiff = exif.subarray(exif.indexOf("Exif\0\0") + 6);
  const little = tiff.toString("latin1", 0, 2) === "II";
  const u16 = (at: number) =>
    little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at);
  const u32 = (at: number) =>
    little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at);
  const ifd0 = u32(4);
  const count = u16(ifd0);
  for (let entry = 0; entry < count; entry += 1)
    if (u16(ifd0 + 2 + entry * 12) === 0x8825) return true;
  return false;
}

function stored(outcome: ImageUploadOutcome): StoredImage {
  if (!outcome.ok)
    throw new Error(`refused: ${JSON.stringify(outcome.errors)}`);
  return outcome.image;
}

const fileOf = (image: StoredImage) =>
  readFileSync(join(contentDir, "posts", image.path));

describe("a phone photo with GPS in its EXIF", () => {
  it("carries the camera, the position and XMP before upload (the control)", async () => {
    const metadata = await sharp(await phonePhoto()).metadata();
    expect(metadata.exif?.includes("LookoutTestCam")).toBe(true);
    expect(hasGpsDirectory(metadata.exif!)).toBe(true);
    expect(metadata.xmpAsString).toContain("GPSLatitude");
    expect(metadata.orientation).toBe(6);
  });

  it("is stored upright with no EXIF, GPS, XMP or IPTC left", async () => {
    const image = stored(
      await storePostImage(
        { bytes: await phonePhoto(), alt: "A broken shed lock" },
        contentDir,
      ),
    );
    const bytes = fileOf(image);
    const metadata = await sharp(bytes).metadata();
    expect(metadata.format).toBe("jpeg");
    expect(metadata.exif).toBeUndefined();
    expect(metadata.xmp).toBeUndefined();
    expect(metadata.iptc).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
    // Not only in sharp's reading: the camera's name and the position are nowhere in the file.
    expect(bytes.includes("LookoutTestCam")).toBe(false);
    expect(bytes.includes("GPSLatitude")).toBe(false);
    // Turned by its orientation before the EXIF went: upright, as the phone showed it.
    expect([metadata.width, metadata.height]).toEqual([200, 300]);
    expect([image.width, image.height]).toEqual([200, 300]);
  });
});

describe("metadata in other formats", () => {
  it.each(["png", "webp"] as const)(
    "a %s loses its EXIF and XMP too",
    async (format) => {
      const bytes = await sharp({
        create: { width: 40, height: 30, channels: 3, background: "#446688" },
      })
        .toFormat(format)
        .withExif({ IFD0: { Make: "LookoutTestCam" } })
        .withXmp(HOME_XMP)
        .toBuffer();
      const before = await sharp(bytes).metadata();
      expect(before.exif ?? before.xmp).toBeDefined();
      const image = stored(
        await storePostImage({ bytes, alt: "A poster" }, contentDir),
      );
      const file = fileOf(image);
      const after = await sharp(file).metadata();
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect(file.includes("LookoutTestCam")).toBe(false);
      expect(file.includes("GPSLatitude")).toBe(false);
    },
  );

  it("an animated GIF keeps its frames, each resized", async () => {
    const frame = (background: string) =>
      sharp({
        create: { width: 2000, height: 1000, channels: 3, background },
      })
        .raw()
        .toBuffer();
    const frames = Buffer.concat([
      await frame("#ff0000"),
      await frame("#0000ff"),
    ]);
    const gif = await sharp(frames, {
      raw: { width: 2000, height: 2000, channels: 3, pageHeight: 1000 },
    })
      .gif({ delay: [500, 500] })
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const image = stored(
      await storePostImage({ bytes: gif, alt: "Flashing light" }, contentDir),
    );
    const metadata = await sharp(fileOf(image), { animated: true }).metadata();
    expect(metadata.format).toBe("gif");
    expect(metadata.pages).toBe(2);
    expect([metadata.width, metadata.pageHeight]).toEqual([1600, 800]);
    expect([image.width, image.height]).toEqual([1600, 800]);
  });
});

describe("the file's type", () => {
  it("is read from the bytes: a PNG named .jpg is stored as the PNG it is", async () => {
    // The name never reaches the pipeline; what a browser says the file is, neither.
    const image = stored(
      await storePostImage(
        { bytes: await picture(40, 30, "png"), alt: "Marked bike frame" },
        contentDir,
      ),
    );
    expect(image.format).toBe("png");
    expect(image.path).toMatch(/^images\/marked-bike-frame-[0-9a-f]{12}\.png$/);
    expect((await sharp(fileOf(image)).metadata()).format).toBe("png");
  });

  it.each([
    ["webp", "webp"],
    ["gif", "gif"],
  ] as const)("accepts %s", async (format, extension) => {
    const image = stored(
      await storePostImage(
        { bytes: await picture(40, 30, format), alt: "A poster" },
        contentDir,
      ),
    );
    expect(image.path.endsWith(`.${extension}`)).toBe(true);
    expect((await sharp(fileOf(image)).metadata()).format).toBe(format);
  });

  it.each([
    [
      "a Linux program renamed .png",
      Buffer.from("\x7fELF\x02\x01\x01\0\0\0\0\0"),
    ],
    ["a Windows program renamed .png", Buffer.from("MZ\x90\0\x03\0\0\0\x04\0")],
    ["a text file renamed .png", Buffer.from("these are not the pixels\n")],
    [
      "an SVG, which can carry script",
      Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>"),
    ],
  ])("refuses %s, writing nothing", async (_, bytes) => {
    const before = existsSync(imagesDir) ? readdirSync(imagesDir).length : 0;
    const outcome = await storePostImage(
      { bytes, alt: "Not a picture" },
      contentDir,
    );
    expect(outcome).toEqual({
      ok: false,
      errors: { image: IMAGE_MESSAGES.notAnImage },
    });
    const after = existsSync(imagesDir) ? readdirSync(imagesDir).length : 0;
    expect(after).toBe(before);
  });

  it("refuses a damaged image: a PNG's signature and then nothing readable", async () => {
    const png = await picture(40, 30, "png");
    const outcome = await storePostImage(
      { bytes: png.subarray(0, 40), alt: "Half a picture" },
      contentDir,
    );
    expect(outcome).toEqual({
      ok: false,
      errors: { image: IMAGE_MESSAGES.unreadable },
    });
  });
});

describe("the image's size", () => {
  it("makes a 5000 × 3000 photo 1600 wide, keeping its shape", async () => {
    const image = stored(
      await storePostImage(
        { bytes: await picture(5000, 3000, "jpeg"), alt: "The high street" },
        contentDir,
      ),
    );
    const metadata = await sharp(fileOf(image)).metadata();
    expect([metadata.width, metadata.height]).toEqual([MAX_IMAGE_WIDTH, 960]);
  });

  it("keeps a small image as it is, never enlarged", async () => {
    const image = stored(
      await storePostImage(
        { bytes: await picture(320, 240, "png"), alt: "A small map" },
        contentDir,
      ),
    );
    const metadata = await sharp(fileOf(image)).metadata();
    expect([metadata.width, metadata.height]).toEqual([320, 240]);
  });

  it("refuses a file over the limit before decoding it", async () => {
    const png = await picture(10, 10, "png");
    const padded = Buffer.concat([png, Buffer.alloc(MAX_IMAGE_BYTES)]);
    const outcome = await storePostImage(
      { bytes: padded, alt: "Too big" },
      contentDir,
    );
    expect(outcome).toEqual({
      ok: false,
      errors: { image: IMAGE_MESSAGES.tooLarge },
    });
  });

  it("refuses an image that claims more pixels than can be worked with", async () => {
    // A PNG of a few hundred bytes whose header claims a 10000 × 10000 canvas: 100 million
    // pixels, gigabytes of memory, were it decoded.
    const bomb = Buffer.from(await picture(10, 10, "png"));
    bomb.writeUInt32BE(10_000, 16);
    bomb.writeUInt32BE(10_000, 20);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    expect(await sharp(bomb).metadata()).toMatchObject({
      width: 10_000,
      height: 10_000,
    });
    const outcome = await storePostImage(
      { bytes: bomb, alt: "A blank wall" },
      contentDir,
    );
    expect(outcome).toEqual({
      ok: false,
      errors: { image: IMAGE_MESSAGES.tooManyPixels },
    });
  });
});

describe("the alt text", () => {
  it.each(["", "   \n "])(
    "is required: %j is refused, and nothing is written",
    async (alt) => {
      const before = existsSync(imagesDir) ? readdirSync(imagesDir).length : 0;
      const outcome = await storePostImage(
        { bytes: await picture(40, 30, "png"), alt },
        contentDir,
      );
      expect(outcome).toEqual({
        ok: false,
        errors: { alt: IMAGE_MESSAGES.altMissing },
      });
      const after = existsSync(imagesDir) ? readdirSync(imagesDir).length : 0;
      expect(after).toBe(before);
    },
  );

  it.each([
    [ALT_TEXT_MAX, true],
    [ALT_TEXT_MAX + 1, false],
    [20_000, false],
  ])("of %i characters is accepted: %s", async (length, accepted) => {
    const outcome = await storePostImage(
      { bytes: await picture(40, 30, "png"), alt: "a".repeat(length) },
      contentDir,
    );
    expect(outcome.ok).toBe(accepted);
    if (!outcome.ok)
      expect(outcome.errors).toEqual({ alt: IMAGE_MESSAGES.altTooLong });
  });

  it("and a missing file are both reported at once", async () => {
    expect(await storePostImage({ bytes: null, alt: "" }, contentDir)).toEqual({
      ok: false,
      errors: {
        image: IMAGE_MESSAGES.missing,
        alt: IMAGE_MESSAGES.altMissing,
      },
    });
  });

  it("becomes Markdown the site renders as that image, brackets and all", async () => {
    const alt = "Lock [before] and\nafter \\ repair";
    const image = stored(
      await storePostImage(
        { bytes: await picture(40, 30, "png"), alt },
        contentDir,
      ),
    );
    expect(image.markdown).toBe(
      `![Lock \\[before\\] and after \\\\ repair](${image.path})`,
    );
    expect(renderPostMarkdown(image.markdown)).toContain(
      `<img src="/media/${image.path}" alt="Lock [before] and after \\ repair"`,
    );
  });
});

describe("the stored file's name", () => {
  it.each([
    ["Café on the corner", /^images\/cafe-on-the-corner-[0-9a-f]{12}\.png$/],
    ["Карта района", /^images\/image-[0-9a-f]{12}\.png$/],
    ["Карта: Station Road", /^images\/station-road-[0-9a-f]{12}\.png$/],
    ["!!!", /^images\/image-[0-9a-f]{12}\.png$/],
  ])("for %j is ASCII, as /media serves", async (alt, name) => {
    const image = stored(
      await storePostImage(
        { bytes: await picture(20, 20, "png"), alt },
        contentDir,
      ),
    );
    expect(image.path).toMatch(name);
    expect(existsSync(join(contentDir, "posts", image.path))).toBe(true);
  });
});

describe("the stored files", () => {
  it("have generated names of lowercase words, hyphens and hex, and no temporary file is left", () => {
    const names = readdirSync(imagesDir);
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) {
      // At most 40 characters of words, cut at a word's end, then the random part.
      expect(name.split(/-[0-9a-f]{12}\./)[0]!.length).toBeLessThanOrEqual(40);
      expect(name).toMatch(
        /^[a-z0-9]+(?:-[a-z0-9]+)*-[0-9a-f]{12}\.(?:jpg|png|webp|gif)$/,
      );
    }
  });
});
