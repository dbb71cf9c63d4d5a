/** Longest passage a quote takes, so quoting a long comment does not fill the reply. */
export const QUOTE_LIMIT = 500;

/**
 * Markdown that quotes `text` in a reply: each line behind "> ", runs of blank lines made one,
 * and a blank line after it to write the answer below. A long passage is cut at a word, with "…".
 */
export function quoteMarkdown(text: string): string {
  const trimmed = text.replace(/\r\n?/g, "\n").trim();
  if (trimmed === "") return "";
  let passage = trimmed;
  if ([...passage].length > QUOTE_LIMIT) {
    const cut = [...passage].slice(0, QUOTE_LIMIT).join("");
    const lastSpace = cut.search(/\s\S*$/);
    passage = `${(lastSpace > 0 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
  }
  const lines = passage
    .replace(/\n{3,}/g, "\n\n")
    .split("\n")
    .map((line) => (line.trim() === "" ? ">" : `> ${line}`));
  return `${lines.join("\n")}\n\n`;
}
