import { describe, expect, it } from "vitest";
import {
  decisionCount,
  DEFAULT_SPAM_SETTINGS,
  emptyModel,
  score,
  spamScoreRule,
  tokenize,
  train,
  type SpamLabel,
  type SpamModel,
  type SpamSettings,
} from "~/domain/spam-score";
import { HAM, SPAM } from "../fixtures/spam-corpus";

describe("tokenize", () => {
  it.each<[string, string, string[]]>([
    ["lower-cases words", "Lock Your CAR", ["lock", "your", "car"]],
    ["drops one-letter words", "a cat", ["cat"]],
    ["counts a word once", "cheap cheap cheap", ["cheap"]],
    [
      "a link gives link:any and its domain, not its words",
      "see https://www.Easy-Cash.biz/start now",
      ["link:any", "domain:easy-cash.biz", "see", "now"],
    ],
    [
      "a bare www link counts too",
      "www.shades.com",
      ["link:any", "domain:shades.com"],
    ],
    [
      "several links add links:many",
      "http://a.com http://b.com",
      ["link:any", "domain:a.com", "domain:b.com", "links:many"],
    ],
    ["keeps money amounts", "earn £500", ["earn", "£500"]],
    ["an empty text has no tokens", "", []],
  ])("%s", (_name, text, expected) => {
    expect(tokenize(text).sort()).toEqual([...expected].sort());
  });
});

describe("train", () => {
  it("returns a new model and leaves the old one as it was", () => {
    const before = emptyModel();
    const after = train(before, "cheap pills", "spam");
    expect(before).toEqual(emptyModel());
    expect(after.docs).toEqual({ ham: 0, spam: 1 });
    expect(after.tokens.cheap).toEqual({ ham: 0, spam: 1 });
    expect(decisionCount(after)).toBe(1);
  });

  it("survives a round trip through JSON, as it is stored", () => {
    const model = train(train(emptyModel(), "lost cat", "ham"), "buy", "spam");
    const copy = JSON.parse(JSON.stringify(model)) as SpamModel;
    expect(score(copy, "lost cat")).toEqual(score(model, "lost cat"));
  });
});

describe("score", () => {
  it("an empty model, or one that has seen only one kind, says 0.5", () => {
    expect(score(emptyModel(), "cheap pills").probability).toBe(0.5);
    const hamOnly = train(emptyModel(), "lost cat", "ham");
    expect(score(hamOnly, "cheap pills").probability).toBe(0.5);
  });

  it("names the tokens that weighed towards spam, strongest first", () => {
    let model = emptyModel();
    model = train(model, "cheap pills http://pills.ru", "spam");
    model = train(model, "cheap watches http://pills.ru", "spam");
    model = train(model, "lost cat on the lane", "ham");
    const result = score(model, "cheap pills here http://pills.ru lane");
    expect(result.probability).toBeGreaterThan(0.9);
    expect(result.topTokens.slice(0, 3).sort()).toEqual(
      ["cheap", "domain:pills.ru", "link:any"].sort(),
    );
    expect(result.topTokens).toContain("pills");
    expect(result.topTokens).not.toContain("lane");
  });
});

describe("held-out accuracy on the labelled corpus", () => {
  // Every fifth comment of each kind is held out: 160 to learn from, 40 never seen in training.
  const split = (texts: string[], label: SpamLabel) =>
    texts.map((text, index) => ({ text, label, heldOut: index % 5 === 4 }));
  const all = [...split(HAM, "ham"), ...split(SPAM, "spam")];
  const model = all
    .filter((item) => !item.heldOut)
    .reduce((m, item) => train(m, item.text, item.label), emptyModel());
  const test = all.filter((item) => item.heldOut);

  it("has at least 200 comments, half of them spam", () => {
    expect(HAM.length).toBeGreaterThanOrEqual(100);
    expect(SPAM.length).toBe(HAM.length);
  });

  it("classifies comments it never saw above the floor", () => {
    const correct = test.filter(
      (item) =>
        (score(model, item.text).probability >= 0.5 ? "spam" : "ham") ===
        item.label,
    ).length;
    const accuracy = correct / test.length;
    console.info(
      `spam score held-out accuracy: ${correct}/${test.length} = ${(accuracy * 100).toFixed(1)}%`,
    );
    // Floor 0.85: with 40 held-out comments, 0.85 allows six mistakes. A coin scores 0.5, so the
    // floor shows the model learned; it sits below the measured accuracy so rewording a corpus
    // line does not break the build, yet a broken tokenizer or a swapped label falls well under it.
    expect(accuracy).toBeGreaterThanOrEqual(0.85);
  });

  it("never holds a neighbour's comment at the default threshold", () => {
    // The rule only holds, but a held neighbour still waits: false positives are the cost that
    // matters, so at 0.9 none of the held-out ham may be held.
    const held = test.filter(
      (item) =>
        item.label === "ham" &&
        score(model, item.text).probability >=
          DEFAULT_SPAM_SETTINGS.spamThresholdPercent / 100,
    );
    expect(held.map((item) => item.text)).toEqual([]);
    const caught = test.filter(
      (item) =>
        item.label === "spam" &&
        score(model, item.text).probability >=
          DEFAULT_SPAM_SETTINGS.spamThresholdPercent / 100,
    );
    expect(caught.length).toBeGreaterThan(0);
  });
});

describe("the spam-score rule", () => {
  const confident = { probability: 0.97, topTokens: ["cheap", "link:any"] };
  const unsure = { probability: 0.6, topTokens: ["cheap"] };
  type Row = [
    string,
    Partial<SpamSettings>,
    { decisions: number; score: typeof confident } | null,
    "hold" | null,
  ];
  it.each<Row>([
    [
      "confident and trained: hold",
      {},
      { decisions: 50, score: confident },
      "hold",
    ],
    [
      "too few decisions yet: nothing",
      {},
      { decisions: 49, score: confident },
      null,
    ],
    [
      "below the threshold: nothing",
      {},
      { decisions: 500, score: unsure },
      null,
    ],
    [
      "turned off: nothing",
      { spamThresholdPercent: 0 },
      { decisions: 500, score: confident },
      null,
    ],
    ["no score gathered: nothing", {}, null, null],
    [
      "exactly at the threshold: hold",
      { spamThresholdPercent: 97 },
      { decisions: 50, score: confident },
      "hold",
    ],
  ])("%s", (_name, settings, input, expected) => {
    const result = spamScoreRule(
      { ...DEFAULT_SPAM_SETTINGS, ...settings },
      input,
    );
    expect(result?.outcome ?? null).toBe(expected);
    if (result) expect(result.topTokens).toEqual(input?.score.topTokens);
  });
});
