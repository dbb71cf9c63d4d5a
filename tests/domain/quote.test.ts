import { describe, expect, it } from "vitest";
import { QUOTE_LIMIT, quoteMarkdown } from "~/domain/quote";

describe("quoting a passage in a reply", () => {
  it.each<[string, string, string]>([
    ["one line", "Seen by the shops.", "> Seen by the shops.\n\n"],
    ["surrounding space", "  Seen.  \n", "> Seen.\n\n"],
    ["two paragraphs", "One.\n\nTwo.", "> One.\n>\n> Two.\n\n"],
    ["many blank lines made one", "One.\n\n\n\nTwo.", "> One.\n>\n> Two.\n\n"],
    ["Windows line ends", "One.\r\nTwo.", "> One.\n> Two.\n\n"],
    ["a quote inside", "> earlier\nmine", "> > earlier\n> mine\n\n"],
    ["nothing", "   ", ""],
  ])("%s", (_, text, quoted) => {
    expect(quoteMarkdown(text)).toBe(quoted);
  });

  it("cuts a long passage at a word, with an ellipsis", () => {
    const quoted = quoteMarkdown("word ".repeat(200));
    expect(quoted.endsWith("word…\n\n")).toBe(true);
    expect([...quoted].length).toBeLessThanOrEqual(QUOTE_LIMIT + 5);
  });
});
