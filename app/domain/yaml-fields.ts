import { isMap, isScalar, LineCounter, parseDocument, visit } from "yaml";

const MAX_YAML_CHARACTERS = 64 * 1024;

/** A YAML block of `key: value` fields, with the line each key stands on. */
export type YamlFields = {
  values: Record<string, unknown>;
  /** Line of `key` counted from the block's first line as 1, or null when the key is absent. */
  lineOf: (key: string) => number | null;
};

/**
 * Parses a YAML block that must be a mapping (or empty). Errors carry the line, counted
 * from the block's first line as 1, so callers can shift it to a line of their file.
 */
export function parseYamlFields(
  text: string,
):
  | { ok: true; fields: YamlFields }
  | { ok: false; line: number; message: string } {
  // A few fields need a few lines; parsing takes time that grows with the square of the keys.
  if (text.length > MAX_YAML_CHARACTERS) {
    return {
      ok: false,
      line: 1,
      message: `longer than ${MAX_YAML_CHARACTERS / 1024} KB, which no set of fields needs`,
    };
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    // An unclosed quote is only noticed at the end of the block: point at where it opened.
    const opened =
      error.code === "MISSING_CHAR" && /quote/.test(error.message)
        ? unclosedQuoteLine(text)
        : null;
    return {
      ok: false,
      line: opened ?? lineCounter.linePos(error.pos[0]).line,
      message:
        opened === null
          ? `not valid YAML: ${error.message.split("\n")[0]}`
          : "not valid YAML: a quoted value opened on this line is never closed",
    };
  }
  // No field needs an alias, and aliases are how a few lines expand to gigabytes ("billion
  // laughs") or point at nothing: refused before any is expanded.
  let aliasStart: number | null = null;
  visit(document, {
    Alias(_key, alias) {
      aliasStart = alias.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  if (aliasStart !== null) {
    return {
      ok: false,
      line: lineCounter.linePos(aliasStart).line,
      message: "using a YAML alias (*name): write the value out instead",
    };
  }
  const contents = document.contents;
  if (contents === null) {
    return { ok: true, fields: { values: {}, lineOf: () => null } };
  }
  if (!isMap(contents)) {
    return {
      ok: false,
      line: 1,
      message: "expected fields written `name: value`",
    };
  }
  const keyLines = new Map<string, number>();
  for (const pair of contents.items) {
    if (isScalar(pair.key) && pair.key.range) {
      keyLines.set(
        String(pair.key.value),
        lineCounter.linePos(pair.key.range[0]).line,
      );
    }
  }
  return {
    ok: true,
    fields: {
      values: document.toJS() as Record<string, unknown>,
      lineOf: (key) => keyLines.get(key) ?? null,
    },
  };
}

/** The first line whose `key: "value` opens a quote that the line does not close, or null. */
function unclosedQuoteLine(text: string): number | null {
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    const match = /^\s*[^#\s][^:]*:\s*(["'])(.*)$/.exec(line);
    if (!match) continue;
    const [, quote, rest] = match;
    // '' is an escaped single quote, \" an escaped double quote.
    const unescaped =
      quote === "'" ? rest!.replace(/''/g, "") : rest!.replace(/\\./g, "");
    if (!unescaped.includes(quote!)) return index + 1;
  }
  return null;
}
