import { describe, expect, it } from "vitest";
import {
  imageFormatOf,
  imageMarkdown,
  markdownAltText,
} from "~/domain/image-upload";

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(
    parts.flatMap((part) =>
      typeof part === "string" ? [...part].map((c) => c.charCodeAt(0)) : part,
    ),
  );

// The format comes from the file's first bytes; its name and claimed type are never asked.
describe("imageFormatOf", () => {
  it.each([
    ["a JPEG (JFIF)", bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]), "jpeg"],
    ["a JPEG (EXIF)", bytes([0xff, 0xd8, 0xff, 0xe1, 0x12, 0x34]), "jpeg"],
    ["a PNG", bytes([0x89], "PNG\r\n\x1a\n", [0, 0, 0, 13]), "png"],
    ["a GIF 89a", bytes("GIF89a", [1, 0, 1, 0]), "gif"],
    ["a GIF 87a", bytes("GIF87a", [1, 0, 1, 0]), "gif"],
    ["a WebP", bytes("RIFF", [0x24, 0, 0, 0], "WEBPVP8 "), "webp"],
    [
      "a WAV, RIFF but no WebP",
      bytes("RIFF", [0x24, 0, 0, 0], "WAVEfmt "),
      null,
    ],
    ["a Linux program", bytes([0x7f], "ELF", [2, 1, 1, 0]), null],
    ["a Windows program", bytes("MZ", [0x90, 0, 3, 0]), null],
    ["a script", bytes("#!/bin/sh\nrm -rf ~\n"), null],
    ["an SVG", bytes("<svg xmlns='http://www.w3.org/2000/svg'/>"), null],
    ["a PDF", bytes("%PDF-1.7\n"), null],
    ["HEIC from a phone", bytes([0, 0, 0, 0x18], "ftypheic"), null],
    ["half a PNG signature", bytes([0x89], "PNG"), null],
    ["two bytes of JPEG", bytes([0xff, 0xd8]), null],
    ["nothing", bytes(), null],
  ])("%s → %s", (_, file, format) => {
    expect(imageFormatOf(file)).toBe(format);
  });
});

// Alt text goes between the image's brackets on one line; rendered, it reads as typed.
describe("markdownAltText", () => {
  it.each([
    ["A shed door with a new lock", "A shed door with a new lock"],
    ["  spaces  around  ", "spaces around"],
    ["two\nlines\r\nof text", "two lines of text"],
    ["a [bracketed] word", "a \\[bracketed\\] word"],
    ["ends in ]", "ends in \\]"],
    ["a back\\slash", "a back\\\\slash"],
    ["](javascript:alert(1))", "\\](javascript:alert(1))"],
    ["Café «quoted» – ünïcode", "Café «quoted» – ünïcode"],
  ])("%j → %j", (alt, written) => {
    expect(markdownAltText(alt)).toBe(written);
  });

  it("is put with the path into the image's Markdown", () => {
    expect(imageMarkdown("A map [north]", "images/map-0123456789ab.png")).toBe(
      "![A map \\[north\\]](images/map-0123456789ab.png)",
    );
  });
});
