// The spam score: a naive Bayes classifier learned from this board's own moderators.
// Pure: the model is plain JSON, training returns a new model, nothing reads the clock or the
// network. Only comments a moderator has decided (approved, or rejected as spam) may be passed to
// `train`; the server keeps undecided text away from it.

export type SpamLabel = "ham" | "spam";

export type SpamModel = {
  /** How many decided comments of each kind the model has seen. */
  docs: Record<SpamLabel, number>;
  /** Per token, in how many decided comments of each kind it appeared. */
  tokens: Record<string, { ham: number; spam: number }>;
};

export type SpamScore = {
  /** The probability that the text is spam, 0..1. */
  probability: number;
  /** The tokens that pushed hardest towards spam, strongest first. */
  topTokens: string[];
};

export const emptyModel = (): SpamModel => ({
  docs: { ham: 0, spam: 0 },
  tokens: {},
});

const LINK = /\bhttps?:\/\/[^\s<>()"']+|\bwww\.[^\s<>()"']+/gi;
const WORD = /[\p{L}\p{N}£$][\p{L}\p{N}'£$%]*/gu;
const MAX_TOKENS = 300;

function domainOf(link: string): string | null {
  const withScheme = /^https?:\/\//i.test(link) ? link : `http://${link}`;
  try {
    return new URL(withScheme).hostname.replace(/^www\./, "").toLowerCase();
  } catch {
    return null;
  }
}

/**
 * The distinct tokens of a text: lower-cased words of two letters or more, `link:any` when it has
 * a link (and `links:many` when it has several), and `domain:` for each link's host.
 */
export function tokenize(text: string): string[] {
  const tokens = new Set<string>();
  const links = text.match(LINK) ?? [];
  for (const link of links) {
    tokens.add("link:any");
    const domain = domainOf(link);
    if (domain) tokens.add(`domain:${domain}`);
  }
  if (links.length > 1) tokens.add("links:many");
  const rest = text.replace(LINK, " ").toLowerCase();
  for (const match of rest.match(WORD) ?? []) {
    if (tokens.size >= MAX_TOKENS) break;
    const word = match.replace(/'+$/, "");
    if (word.length >= 2 && word.length <= 30) tokens.add(word);
  }
  return [...tokens];
}

/** The model after one more decided comment; the argument is not changed. */
export function train(
  model: SpamModel,
  text: string,
  label: SpamLabel,
): SpamModel {
  const tokens = { ...model.tokens };
  for (const token of tokenize(text)) {
    const counts = tokens[token] ?? { ham: 0, spam: 0 };
    tokens[token] = { ...counts, [label]: counts[label] + 1 };
  }
  return {
    docs: { ...model.docs, [label]: model.docs[label] + 1 },
    tokens,
  };
}

/**
 * The model without one decided comment it learned from (an undone Spam): the exact reverse of
 * `train` for the same text and label, never below zero.
 */
export function untrain(
  model: SpamModel,
  text: string,
  label: SpamLabel,
): SpamModel {
  const tokens = { ...model.tokens };
  for (const token of tokenize(text)) {
    const counts = tokens[token];
    if (!counts) continue;
    const next = { ...counts, [label]: Math.max(0, counts[label] - 1) };
    if (next.ham === 0 && next.spam === 0) delete tokens[token];
    else tokens[token] = next;
  }
  return {
    docs: { ...model.docs, [label]: Math.max(0, model.docs[label] - 1) },
    tokens,
  };
}

/** How many decisions the model has learned from. */
export const decisionCount = (model: SpamModel): number =>
  model.docs.ham + model.docs.spam;

/**
 * Naive Bayes over token presence with Laplace smoothing. Tokens never seen in training carry no
 * weight. A model without both kinds of decision cannot tell them apart and scores 0.5.
 */
export function score(model: SpamModel, text: string, top = 5): SpamScore {
  const { ham, spam } = model.docs;
  if (ham === 0 || spam === 0) return { probability: 0.5, topTokens: [] };
  let logOdds = Math.log(spam / ham);
  const weights: { token: string; weight: number }[] = [];
  for (const token of tokenize(text)) {
    const counts = model.tokens[token];
    if (!counts) continue;
    const pSpam = (counts.spam + 1) / (spam + 2);
    const pHam = (counts.ham + 1) / (ham + 2);
    const weight = Math.log(pSpam / pHam);
    logOdds += weight;
    weights.push({ token, weight });
  }
  const probability = 1 / (1 + Math.exp(-logOdds));
  const topTokens = weights
    .filter((w) => w.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.token.localeCompare(b.token))
    .slice(0, top)
    .map((w) => w.token);
  return { probability, topTokens };
}

export type SpamSettings = {
  /** Decided comments the model must have learned from before it holds anything. */
  spamMinDecisions: number;
  /** A score at or above this many percent holds the comment; 0 turns the rule off. */
  spamThresholdPercent: number;
};

export const DEFAULT_SPAM_SETTINGS: SpamSettings = {
  spamMinDecisions: 50,
  spamThresholdPercent: 90,
};

/**
 * The rule: hold (never reject) when the model is trusted and confident. `null` means the rule
 * has nothing to say.
 */
export function spamScoreRule(
  settings: SpamSettings,
  input: { decisions: number; score: SpamScore } | null | undefined,
): { outcome: "hold"; topTokens: string[] } | null {
  if (settings.spamThresholdPercent <= 0 || !input) return null;
  if (input.decisions < settings.spamMinDecisions) return null;
  if (input.score.probability < settings.spamThresholdPercent / 100)
    return null;
  return { outcome: "hold", topTokens: input.score.topTokens };
}
