import {
  createReadStream,
  openSync,
  readSync,
  closeSync,
  statSync,
} from "node:fs";
import { readFile } from "node:fs/promises";
import { bloggerReader, isBloggerFeed } from "./blogger.server";
import { disqusReader, isDisqusExport } from "./disqus.server";
import { readLookoutExport } from "./lookout.server";
import type { ImportedSite } from "./shape";
import { isWordPressExport, wordpressReader } from "./wordpress.server";
import { ImportFileError, readXml, type XmlRoot } from "./xml-reader.server";

/** One importer per format: whether a root element is its format, and its record reader. */
const XML_IMPORTERS = [
  { accepts: isBloggerFeed, start: bloggerReader },
  { accepts: isWordPressExport, start: wordpressReader },
  { accepts: isDisqusExport, start: disqusReader },
] as const;

/**
 * Reads an export file into the common shape, telling its format from the file itself: a
 * Lookout JSON export, or a Blogger, WordPress or Disqus XML export told by its root element.
 * `onProgress` gets the bytes read so far.
 */
export async function readExport(
  path: string,
  onProgress: (bytesRead: number, totalBytes: number) => void = () => {},
): Promise<ImportedSite> {
  const totalBytes = statSync(path).size;
  const first = firstCharacter(path);
  if (first === "{") {
    const site = readLookoutExport(await readFile(path, "utf8"));
    onProgress(totalBytes, totalBytes);
    return site;
  }
  if (first !== "<") {
    throw new ImportFileError(
      `the file is not an export Lookout can read: it starts with ${JSON.stringify(first || "nothing")} where an XML export (Blogger, WordPress, Disqus) starts with "<" and a Lookout JSON export with "{"`,
      1,
    );
  }
  let finish: (() => ImportedSite) | null = null;
  const stream = createReadStream(path, { encoding: "utf8" });
  let bytesRead = 0;
  async function* counted() {
    for await (const chunk of stream) {
      bytesRead += Buffer.byteLength(chunk as string);
      onProgress(bytesRead, totalBytes);
      yield chunk as string;
    }
  }
  try {
    await readXml(counted(), (root: XmlRoot) => {
      const importer = XML_IMPORTERS.find((candidate) =>
        candidate.accepts(root),
      );
      if (!importer) {
        throw new ImportFileError(
          `the file is not a Blogger, WordPress or Disqus export: its first element is <${root.name}>${root.uri ? ` (${root.uri})` : ""} at line ${root.line}`,
          root.line,
        );
      }
      const started = importer.start(root);
      finish = started.finish;
      return started.reader;
    });
  } finally {
    stream.destroy();
  }
  return (finish as unknown as () => ImportedSite)();
}

/** The first character that is not white space or a byte order mark, or "" for an empty file. */
function firstCharacter(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(256);
    const length = readSync(fd, buffer, 0, buffer.length, 0);
    return (
      buffer
        .subarray(0, length)
        .toString("utf8")
        .replace(/^\uFEFF/, "")
        .trimStart()[0] ?? ""
    );
  } finally {
    closeSync(fd);
  }
}
