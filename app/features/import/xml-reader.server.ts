import { SaxesParser, type SaxesTagNS } from "saxes";

/** An element of a record, with its text and children; attributes by local name. */
export type XmlNode = {
  name: string;
  uri: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
  line: number;
};

/** The root element, from which the format is told. */
export type XmlRoot = {
  name: string;
  uri: string;
  /** Namespaces declared on the root: prefix → URI. */
  namespaces: Record<string, string>;
  line: number;
};

/** An export file that cannot be imported, with where its problem is. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line: number | null = null,
  ) {
    super(message);
    this.name = "ImportFileError";
  }
}

export type RecordReader = {
  /** How deep records sit (the root is depth 1): each element at that depth is one record. */
  recordDepth: number;
  onRecord(node: XmlNode): void;
};

/**
 * Streams an XML document, handing each record (an element at the depth the format asks for)
 * to `read` as a small tree and then forgetting it: a large export is never held as a whole.
 * Malformed XML stops the read with an ImportFileError naming the line and the element.
 */
export async function readXml(
  chunks: AsyncIterable<string | Buffer>,
  chooseReader: (root: XmlRoot) => RecordReader,
): Promise<void> {
  const parser = new SaxesParser({ xmlns: true, position: true });
  const open: { name: string; node: XmlNode | null }[] = [];
  let reader: RecordReader | null = null;
  let failure: Error | null = null;

  // saxes reports one mistake as several errors; the first names the line, a later one on the
  // same line may name the element ("unmatched closing tag: channel").
  const errors: { line: number; reason: string; inside: string | undefined }[] =
    [];
  parser.on("error", (error) => {
    errors.push({
      line: parser.line,
      reason: error.message
        .replace(/^(?:[^:]*:)?\d+:\d+: /, "")
        .replace(/\.$/, ""),
      inside: open.at(-1)?.name,
    });
  });
  const xmlFailure = () => {
    const first = errors[0]!;
    const named =
      errors.find(
        (error) => error.line === first.line && /: \S+$/.test(error.reason),
      ) ?? first;
    return new ImportFileError(
      `the file is not well-formed XML at line ${first.line}${named.inside ? `, inside <${named.inside}>` : ""}: ${named.reason}`,
      first.line,
    );
  };
  parser.on("opentag", (tag: SaxesTagNS) => {
    if (failure) return;
    const depth = open.length + 1;
    if (depth === 1) {
      try {
        reader = chooseReader({
          name: tag.local,
          uri: tag.uri,
          namespaces: { ...tag.ns },
          line: parser.line,
        });
      } catch (error) {
        failure = error as Error;
        return;
      }
    }
    const parent = open.at(-1)?.node ?? null;
    const node: XmlNode | null =
      reader && depth >= reader.recordDepth
        ? {
            name: tag.local,
            uri: tag.uri,
            attributes: Object.fromEntries(
              Object.values(tag.attributes).map((attribute) => [
                attribute.local,
                attribute.value,
              ]),
            ),
            children: [],
            text: "",
            line: parser.line,
          }
        : null;
    if (node && parent) parent.children.push(node);
    open.push({ name: tag.name, node });
  });
  const addText = (text: string) => {
    const node = open.at(-1)?.node;
    if (node) node.text += text;
  };
  parser.on("text", addText);
  parser.on("cdata", addText);
  parser.on("closetag", () => {
    if (failure) return;
    const closed = open.pop();
    if (reader && closed?.node && open.length + 1 === reader.recordDepth) {
      try {
        reader.onRecord(closed.node);
      } catch (error) {
        failure =
          error instanceof ImportFileError
            ? error
            : new ImportFileError(
                `cannot read <${closed.name}> at line ${closed.node.line}: ${(error as Error).message}`,
                closed.node.line,
              );
      }
    }
  });

  for await (const chunk of chunks) {
    parser.write(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
    if (errors.length > 0) throw xmlFailure();
    if (failure) throw failure;
  }
  parser.close();
  if (errors.length > 0) throw xmlFailure();
  if (failure) throw failure;
  if (!reader)
    throw new ImportFileError("the file is empty: it has no XML element");
}

/** The children of `node` called `name`, in any namespace unless `uri` narrows it. */
export function childrenNamed(
  node: XmlNode,
  name: string,
  uri?: (uri: string) => boolean,
): XmlNode[] {
  return node.children.filter(
    (child) => child.name === name && (uri === undefined || uri(child.uri)),
  );
}

export function childNamed(
  node: XmlNode,
  name: string,
  uri?: (uri: string) => boolean,
): XmlNode | undefined {
  return childrenNamed(node, name, uri)[0];
}

/** The trimmed text of the first child called `name`, or "" when there is none. */
export function textOf(
  node: XmlNode,
  name: string,
  uri?: (uri: string) => boolean,
): string {
  return childNamed(node, name, uri)?.text.trim() ?? "";
}
