import TurndownService from "turndown";

// Tables and anything else turndown has no rule for stay as HTML: the sync and the comment
// renderer sanitize whatever HTML is left, as they do for any author's.
const turndown = new TurndownService({
  headingStyle: "atx",
  codeBlockStyle: "fenced",
  bulletListMarker: "-",
  emDelimiter: "*",
});
turndown.keep(["table", "iframe", "video", "audio", "embed", "object"]);
turndown.remove(["script", "style"]);

/** The Markdown of an old blog's HTML; images keep their absolute addresses. */
export function htmlToMarkdown(html: string): string {
  if (html.trim() === "") return "";
  return turndown.turndown(html).trim();
}
