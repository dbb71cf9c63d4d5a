// Whole-word matching of word-list settings, shared by the policy's rules and their detectors.

/** The listed words or phrases that the text contains as whole words, ignoring case. */
export function matchingWords(
  text: string,
  words: readonly string[],
): string[] {
  const haystack = ` ${foldText(text)} `;
  return words.filter((word) => {
    const needle = foldText(word);
    return needle !== "" && haystack.includes(` ${needle} `);
  });
}

/** Lowercase, accents removed, every run of non-letters one space: "Free-MONEY!" → "free money". */
function foldText(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
