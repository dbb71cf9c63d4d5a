import { describe, expect, it } from "vitest";
import {
  describeResultCount,
  SEARCH_COUNT_LIMIT,
  hasMatch,
  markedSnippetHtml,
  MATCH_END,
  MATCH_START,
  MAX_QUERY_LENGTH,
  MAX_TERM_LENGTH,
  MAX_TERMS,
  parseSearchQuery,
  singularStem,
  withoutMarkers,
  type SearchQuery,
} from "~/domain/search-query";

const terms = (...words: string[]): SearchQuery => ({
  kind: "terms",
  terms: words,
  match: words.map((word) => `"${word}"*`).join(" "),
});

/** Words as typed, and the prefixes searched for them (a plural's singular). */
const searched = (words: string[], prefixes: string[]): SearchQuery => ({
  kind: "terms",
  terms: words,
  match: prefixes.map((word) => `"${word}"*`).join(" "),
});

describe("singularStem: a plural searched as its singular prefix finds both", () => {
  it.each([
    ["bikes", "bike"],
    ["Bikes", "Bike"],
    ["boxes", "box"],
    ["watches", "watch"],
    ["batteries", "batter"],
    ["lights", "light"],
    // Not plurals, or too short to tell: as typed.
    ["bike", "bike"],
    ["glass", "glass"],
    ["bus", "bus"],
    ["status", "status"],
    ["analysis", "analysis"],
    ["gas", "gas"],
    ["café", "café"],
    ["2026s", "2026s"],
  ])("%s → %s", (word, stem) => {
    expect(singularStem(word)).toBe(stem);
  });
});

describe("parseSearchQuery", () => {
  it.each<[string, string, SearchQuery]>([
    ["nothing typed", "", { kind: "blank" }],
    ["only spaces", "   ", { kind: "blank" }],
    ["tabs and newlines", "\t\n ", { kind: "blank" }],
    ["one word", "bike", terms("bike")],
    ["case is kept (FTS5 folds it)", "Bike", terms("Bike")],
    ["several words, all required", "bike marking", terms("bike", "marking")],
    ["surrounding spaces", "  shed   lock ", terms("shed", "lock")],
    ["a repeated word once", "bike Bike BIKE", terms("bike")],
    [
      "digits",
      "2026 figures",
      searched(["2026", "figures"], ["2026", "figure"]),
    ],
    ["accented letters", "café", terms("café")],
    ["a decomposed accent stays in its word", "cafe\u0301", terms("café")],
    ["other scripts", "Straße 東京", terms("Straße", "東京")],
    ["only punctuation", "?!", { kind: "no-words" }],
    ["only FTS syntax characters", '"*^:()-+', { kind: "no-words" }],
    ["an emoji", "🚲", { kind: "no-words" }],
    ["a lone combining mark", "\u0301", { kind: "no-words" }],
    ["quotes", '"bike lock', terms("bike", "lock")],
    ["an unbalanced quote", 'bike"', terms("bike")],
    ["a star", "bik*", terms("bik")],
    ["a caret", "^bike", terms("bike")],
    ["a column filter", "title:bike", terms("title", "bike")],
    ["parentheses", "(bike OR shed", terms("bike", "shed")],
    ["a minus", "-bike", terms("bike")],
    ["a hyphenated word", "e-scooter", terms("e", "scooter")],
    ["an apostrophe", "neighbours'", searched(["neighbours"], ["neighbour"])],
    ["NOT as a word", "NOT bike", terms("NOT", "bike")],
    [
      "NEAR as a function",
      "NEAR(bike shed, 2)",
      terms("NEAR", "bike", "shed", "2"),
    ],
    ["a lone operator", "AND", terms("AND")],
    ["operators only", "OR NOT", terms("NOT")],
    ["stop words are dropped", "how to mark a bike", terms("mark", "bike")],
    ["only stop words are kept", "the and of", terms("the", "and", "of")],
    ["a stop word in capitals", "The shed", terms("shed")],
    ["a compatibility character", "ﬁre", terms("fire")],
    ["a full-width letter", "ｂｉｋｅ", terms("bike")],
    ["HTML", "<script>alert(1)</script>", terms("script", "alert", "1")],
    [
      "SQL",
      "'; drop table posts; --",
      searched(["drop", "table", "posts"], ["drop", "table", "post"]),
    ],
  ])("%s: %j", (_label, text, expected) => {
    expect(parseSearchQuery(text)).toEqual(expected);
  });

  it(`keeps at most ${MAX_TERMS} words`, () => {
    const words = Array.from({ length: 20 }, (_, index) => `word${index}`);
    const query = parseSearchQuery(words.join(" "));
    expect(query.kind === "terms" && query.terms).toEqual(
      words.slice(0, MAX_TERMS),
    );
  });

  it(`cuts a word to ${MAX_TERM_LENGTH} characters`, () => {
    const query = parseSearchQuery("x".repeat(500));
    expect(query).toEqual(terms("x".repeat(MAX_TERM_LENGTH)));
  });

  it(`reads at most ${MAX_QUERY_LENGTH} characters`, () => {
    const query = parseSearchQuery(`${"- ".repeat(MAX_QUERY_LENGTH)}bike`);
    expect(query).toEqual({ kind: "no-words" });
  });

  it("always gives quoted terms with nothing but letters, digits and marks", () => {
    const nasty = [
      '"""',
      'a"b',
      "*:^",
      "x\u0000y",
      "\uE000bike\uE001",
      "\ud800bike",
      "bike\\",
      "NEAR/3",
      "{title body}: bike",
    ];
    for (const text of nasty) {
      const query = parseSearchQuery(text);
      if (query.kind !== "terms") continue;
      for (const term of query.terms)
        expect(term).toMatch(/^[\p{L}\p{N}\p{M}]+$/u);
      expect(query.match).toMatch(/^"[^"]+"\*(?: "[^"]+"\*)*$/);
    }
  });
});

describe("markedSnippetHtml", () => {
  const m = (text: string) => `${MATCH_START}${text}${MATCH_END}`;

  it.each<[string, string, string]>([
    ["plain text", "Lock the shed", "Lock the shed"],
    ["a match", `Lock the ${m("shed")}`, "Lock the <mark>shed</mark>"],
    [
      "two matches and an ellipsis",
      `…a ${m("bike")} and a ${m("bikes")}…`,
      "…a <mark>bike</mark> and a <mark>bikes</mark>…",
    ],
    [
      "markup in the text is escaped",
      `<script>alert("x")</script> & ${m("<b>")}`,
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; <mark>&lt;b&gt;</mark>",
    ],
    ["an apostrophe", "it's", "it&#39;s"],
    ["an end without a start is dropped", `a${MATCH_END}b`, "ab"],
    ["a start without an end is closed", `a${MATCH_START}b`, "a<mark>b</mark>"],
    ["a nested start is dropped", m(`a${MATCH_START}b`), "<mark>ab</mark>"],
    ["empty", "", ""],
  ])("%s", (_label, snippet, html) => {
    expect(markedSnippetHtml(snippet)).toBe(html);
  });

  it("tells whether a snippet has a match", () => {
    expect(hasMatch(m("bike"))).toBe(true);
    expect(hasMatch("bike")).toBe(false);
  });

  it("removes the markers from text to be indexed", () => {
    expect(withoutMarkers(`a${MATCH_START}b${MATCH_END}c`)).toBe("abc");
  });
});

describe("describeResultCount", () => {
  it.each([
    [1, "1 result"],
    [2, "2 results"],
    [SEARCH_COUNT_LIMIT, `${SEARCH_COUNT_LIMIT} results`],
    [SEARCH_COUNT_LIMIT + 1, `More than ${SEARCH_COUNT_LIMIT} results`],
  ])("%i matches read %s", (total, text) => {
    expect(describeResultCount(total)).toBe(text);
  });
});
