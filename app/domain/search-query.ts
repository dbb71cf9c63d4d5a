import { escapeHtml } from "./html";
/**
 * What a reader types in the search box, turned into an SQLite FTS5 query that cannot fail, and
 * the snippets FTS5 returns turned into safe HTML. Pure: no database, no Remix.
 *
 * FTS5 has its own query language (quotes, `*`, `^`, `:`, parentheses, `-`, AND/OR/NOT/NEAR):
 * typed as is, `bike "lock` or `NOT` is a syntax error. So the reader's text is never passed
 * through: it is cut into words the way FTS5's unicode61 tokenizer cuts text (letters and
 * digits; everything else separates words), and each word becomes a quoted prefix term,
 * `"bike"*`, all of which a result must match. Whatever was typed, the query is well formed.
 */

/** Results per page on /search. */
export const SEARCH_RESULTS_PER_PAGE = 10;

/**
 * Matches are counted up to this many: counting every match of a common word across 100,000
 * comments costs more than the page itself, and nobody pages past the first few hundred.
 */
export const SEARCH_COUNT_LIMIT = 500;

/** "1 result", "37 results", or "More than 500 results" when the count stopped at the limit. */
export function describeResultCount(total: number): string {
  if (total > SEARCH_COUNT_LIMIT)
    return `More than ${SEARCH_COUNT_LIMIT} results`;
  return total === 1 ? "1 result" : `${total} results`;
}

/** Longer input is cut: nobody types more into a search box, and it bounds the query's cost. */
export const MAX_QUERY_LENGTH = 200;
/** More words than this are dropped: every term must match, so more would find nothing anyway. */
export const MAX_TERMS = 8;
/** A word longer than this is cut to it (and still matches as a prefix). */
export const MAX_TERM_LENGTH = 40;

/**
 * Words so common that requiring them only loses results ("how to mark a bike" should find a
 * post that never says "how"). Dropped when other words remain; a query of nothing but these
 * is searched as typed, so it still works.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  "a",
  "about",
  "an",
  "and",
  "are",
  "as",
  "at",
  "be",
  "but",
  "by",
  "can",
  "do",
  "for",
  "from",
  "has",
  "have",
  "how",
  "i",
  "if",
  "in",
  "into",
  "is",
  "it",
  "its",
  "me",
  "my",
  "of",
  "on",
  "or",
  "our",
  "so",
  "that",
  "the",
  "their",
  "there",
  "this",
  "to",
  "was",
  "we",
  "what",
  "when",
  "where",
  "which",
  "who",
  "why",
  "will",
  "with",
  "you",
  "your",
]);

export type SearchQuery =
  /** Nothing typed: show the form, search nothing. */
  | { kind: "blank" }
  /** Something typed, but not one word in it (only punctuation): nothing can match. */
  | { kind: "no-words" }
  /** `match` is an FTS5 query, safe to bind to `MATCH ?`; `terms` are the words it requires. */
  | { kind: "terms"; terms: string[]; match: string };

// A word starts with a letter or digit and may carry combining marks (a decomposed "é").
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}]*/gu;

/** Parses what a reader typed. Never throws, and the match it returns is always valid FTS5. */
export function parseSearchQuery(text: string): SearchQuery {
  const input = text.normalize("NFKC").slice(0, MAX_QUERY_LENGTH).trim();
  if (input === "") return { kind: "blank" };
  const words: string[] = [];
  const seen = new Set<string>();
  for (const [word] of input.matchAll(WORD)) {
    const term = [...word].slice(0, MAX_TERM_LENGTH).join("");
    const key = term.toLocaleLowerCase("en-GB");
    if (seen.has(key)) continue;
    seen.add(key);
    words.push(term);
  }
  if (words.length === 0) return { kind: "no-words" };
  const meaningful = words.filter(
    (word) => !STOP_WORDS.has(word.toLocaleLowerCase("en-GB")),
  );
  const terms = (meaningful.length > 0 ? meaningful : words).slice(
    0,
    MAX_TERMS,
  );
  return {
    kind: "terms",
    terms,
    match: terms.map((term) => prefixTerm(singularStem(term))).join(" "),
  };
}

/**
 * A plural English word cut to its singular, which as a prefix finds both: "bikes" finds "bike"
 * and "bikes", as "bike" did already. Only plain Latin letters, four or more; words that end in
 * -ss, -us or -is are not plurals. See docs/decisions/052-plurals-found-by-the-singular-prefix.md.
 */
export function singularStem(term: string): string {
  const lower = term.toLocaleLowerCase("en-GB");
  if (!/^[a-z]{4,}$/.test(lower) || !lower.endsWith("s")) return term;
  if (/(ss|us|is)$/.test(lower)) return term;
  if (lower.endsWith("ies") && lower.length > 4) return term.slice(0, -3);
  if (/(sses|shes|ches|xes|zes)$/.test(lower)) return term.slice(0, -2);
  return term.slice(0, -1);
}

/** `bike` → `"bike"*`: a quoted string is always a plain term, even `NOT` or `NEAR`. */
function prefixTerm(term: string): string {
  return `"${term.replaceAll('"', '""')}"*`;
}

/**
 * Private-use characters that FTS5's snippet() and highlight() put around each match. They are
 * removed from indexed text (`withoutMarkers`), so any in a snippet are FTS5's own.
 */
export const MATCH_START = "\uE000";
export const MATCH_END = "\uE001";

const MARKERS = /[\uE000\uE001]/g;

/** Text as it is indexed: without the match markers, so they can only come from FTS5. */
export function withoutMarkers(text: string): string {
  return text.replace(MARKERS, "");
}

/**
 * A snippet from FTS5 (plain indexed text with match markers) as HTML: every character of the
 * text escaped, each match in a <mark>. The only markup in the result is <mark> and </mark>,
 * always balanced, so it is safe to insert as HTML whatever the indexed text contained.
 */
export function markedSnippetHtml(snippet: string): string {
  let html = "";
  let open = false;
  for (const char of snippet) {
    if (char === MATCH_START) {
      if (!open) html += "<mark>";
      open = true;
    } else if (char === MATCH_END) {
      if (open) html += "</mark>";
      open = false;
    } else {
      html += escapeHtml(char);
    }
  }
  return open ? `${html}</mark>` : html;
}

/** Whether FTS5 marked a match in this snippet. */
export function hasMatch(snippet: string): boolean {
  return snippet.includes(MATCH_START);
}
