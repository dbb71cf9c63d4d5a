// The moderation policy: one pure function from a new comment's circumstances to a decision.
// No I/O and no clock: the server gathers the input and passes `now`.
import { z } from "zod";
import { groupedDigits } from "./numbers";
import { describeDuration } from "./dates";
import {
  PERSONAL_DETAIL_KINDS,
  PERSONAL_DETAIL_LABELS,
  findPersonalDetails,
} from "./personal-details";
import { retryAfterSeconds } from "./rate-limit";
import {
  DEFAULT_PILE_ON_SETTINGS,
  pileOnHolds,
  type PileOnSettings,
  type PileOnState,
} from "./pile-on";
import {
  DEFAULT_SPAM_SETTINGS,
  spamScoreRule,
  type SpamScore,
  type SpamSettings,
} from "./spam-score";
import {
  DEFAULT_APPEARANCE_WORDS,
  DEFAULT_BEHAVIOUR_WORDS,
  DEFAULT_OBSERVATION_TAGS,
  appearanceOnlyWords,
  isObservationPost,
} from "./describe-behaviour";
import { matchingWords } from "./word-match";
import { DEFAULT_NOW_PHRASES } from "./happening-now";

export { matchingWords } from "./word-match";
export { DEFAULT_NOW_PHRASES } from "./happening-now";

export const POSTER_CLASSES = [
  "anonymous",
  "named",
  "member",
  "verified",
  "staff",
] as const;
export type PosterClass = (typeof POSTER_CLASSES)[number];

export const OUTCOMES = ["publish", "hold", "reject"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const ANONYMOUS_RULES = ["publish", "hold", "reject"] as const;
export const NAMED_RULES = ["publish", "hold-first", "hold", "reject"] as const;
export const MEMBER_RULES = ["publish", "hold"] as const;

export type PolicySettings = {
  /** What happens to a comment with no name. `reject` means "disregarded": the form asks for a name. */
  anonymous: (typeof ANONYMOUS_RULES)[number];
  /** Guests who give a name; `hold-first` holds them until one of their comments is approved. */
  named: (typeof NAMED_RULES)[number];
  member: (typeof MEMBER_RULES)[number];
  /** This many links or more hold a comment; 0 turns the rule off. */
  holdAtLinks: number;
  /** Words that send a comment to a moderator. */
  heldWords: string[];
  /** Words that refuse a comment outright. */
  blockedWords: string[];
  /** At most this many comments from one poster within floodWindowSeconds. */
  floodLimit: number;
  floodWindowSeconds: number;
  /** The same body from the same poster within this many minutes is refused as a repeat. */
  duplicateWindowMinutes: number;
  minLength: number;
  maxLength: number;
  /** Posts older than this many days take no new comments; 0 means never. */
  closeAfterDays: number;
  /** Replies nest up to this depth, then continue at it. */
  maxDepth: number;
  /** Distinct readers' reports that send a published comment back to pending. */
  reportThreshold: number;
  /** Minutes after posting during which the author may change a comment's text; 0 allows no edits. */
  editWindowMinutes: number;
  /** Hold a comment that may identify a person or a home (an address, a plate, a phone, an email). */
  holdPersonalDetails: boolean;
  /** Crime reference numbers do not count as personal details, so neighbours can quote them. */
  allowCrimeReferences: boolean;
  /** Phrases that read as a crime in progress: the comment form prompts the poster to call 999. */
  nowPhrases: string[];
  /** Tags of posts about sightings or suspicious activity: their forms ask for behaviour, not looks. */
  observationTags: string[];
  /** Words that describe how a person looks; on observation posts, alone they hold a comment. */
  appearanceWords: string[];
  /** Words that describe what someone did; one of them lets a description of looks through. */
  behaviourWords: string[];
} & SpamSettings &
  PileOnSettings;

/** The defaults of the design notes; the value of each is explained beside its rule in `POLICY_RULES`. */
export const DEFAULT_POLICY: PolicySettings = {
  anonymous: "hold",
  named: "hold-first",
  member: "publish",
  holdAtLinks: 2,
  heldWords: [],
  blockedWords: [],
  floodLimit: 5,
  floodWindowSeconds: 60,
  duplicateWindowMinutes: 10,
  minLength: 1,
  maxLength: 5000,
  closeAfterDays: 0,
  maxDepth: 5,
  reportThreshold: 3,
  editWindowMinutes: 15,
  ...DEFAULT_SPAM_SETTINGS,
  ...DEFAULT_PILE_ON_SETTINGS,
  holdPersonalDetails: true,
  allowCrimeReferences: true,
  nowPhrases: [...DEFAULT_NOW_PHRASES],
  observationTags: [...DEFAULT_OBSERVATION_TAGS],
  appearanceWords: [...DEFAULT_APPEARANCE_WORDS],
  behaviourWords: [...DEFAULT_BEHAVIOUR_WORDS],
};

type NumberSetting = {
  [K in keyof PolicySettings]: PolicySettings[K] extends number ? K : never;
}[keyof PolicySettings];

/** The whole numbers each numeric setting accepts, both ends included. */
export const POLICY_NUMBER_RANGES: Record<
  NumberSetting,
  { min: number; max: number }
> = {
  holdAtLinks: { min: 0, max: 100 },
  floodLimit: { min: 1, max: 1000 },
  floodWindowSeconds: { min: 1, max: 86_400 },
  duplicateWindowMinutes: { min: 0, max: 10_080 },
  minLength: { min: 1, max: 1000 },
  maxLength: { min: 10, max: 20_000 },
  closeAfterDays: { min: 0, max: 36_500 },
  maxDepth: { min: 1, max: 20 },
  reportThreshold: { min: 1, max: 100 },
  editWindowMinutes: { min: 0, max: 10_080 },
  spamMinDecisions: { min: 0, max: 100_000 },
  spamThresholdPercent: { min: 0, max: 100 },
  pileOnPosters: { min: 0, max: 10_000 },
  pileOnReports: { min: 0, max: 1000 },
  pileOnWindowMinutes: { min: 1, max: 10_080 },
  pileOnHoldMinutes: { min: 1, max: 10_080 },
};

/** How long one held or blocked word may be, and how many of each there may be. */
export const POLICY_WORD_MAX_LENGTH = 100;
export const POLICY_WORDS_MAX = 500;

const wordList = z
  .array(z.string().trim().min(1).max(POLICY_WORD_MAX_LENGTH))
  .max(POLICY_WORDS_MAX);

const wholeNumber = (name: NumberSetting) =>
  z
    .number()
    .int()
    .min(POLICY_NUMBER_RANGES[name].min)
    .max(POLICY_NUMBER_RANGES[name].max);

/** What an admin may set; stored settings that fail it fall back to the defaults. */
export const policySettingsSchema = z
  .object({
    anonymous: z.enum(ANONYMOUS_RULES),
    named: z.enum(NAMED_RULES),
    member: z.enum(MEMBER_RULES),
    holdAtLinks: wholeNumber("holdAtLinks"),
    heldWords: wordList,
    blockedWords: wordList,
    floodLimit: wholeNumber("floodLimit"),
    floodWindowSeconds: wholeNumber("floodWindowSeconds"),
    duplicateWindowMinutes: wholeNumber("duplicateWindowMinutes"),
    minLength: wholeNumber("minLength"),
    maxLength: wholeNumber("maxLength"),
    closeAfterDays: wholeNumber("closeAfterDays"),
    maxDepth: wholeNumber("maxDepth"),
    reportThreshold: wholeNumber("reportThreshold"),
    editWindowMinutes: wholeNumber("editWindowMinutes"),
    spamMinDecisions: wholeNumber("spamMinDecisions"),
    spamThresholdPercent: wholeNumber("spamThresholdPercent"),
    pileOnPosters: wholeNumber("pileOnPosters"),
    pileOnReports: wholeNumber("pileOnReports"),
    pileOnWindowMinutes: wholeNumber("pileOnWindowMinutes"),
    pileOnHoldMinutes: wholeNumber("pileOnHoldMinutes"),
    holdPersonalDetails: z.boolean(),
    allowCrimeReferences: z.boolean(),
    nowPhrases: wordList,
    observationTags: wordList,
    appearanceWords: wordList,
    behaviourWords: wordList,
  })
  .refine((settings) => settings.minLength <= settings.maxLength, {
    error: (issue) => {
      const settings = issue.input as PolicySettings;
      return `The shortest comment allowed (${settings.minLength} characters) cannot be longer than the longest (${settings.maxLength}).`;
    },
    path: ["minLength"],
  }) satisfies z.ZodType<PolicySettings>;

export type DecisionInput = {
  posterClass: PosterClass;
  /** The Markdown the poster wrote. */
  body: string;
  /** `tagNames`: the post's tag names, for the rules of observation posts; none when left out. */
  post: {
    commentsMode: "open" | "closed" | "members";
    date: string;
    tagNames?: readonly string[];
  };
  /** The same poster's recent comments (same browser, address, email or account), newest first. */
  recentComments: { body: string; createdAt: Date }[];
  /**
   * How many of this poster's comments a moderator or the policy has published: a named
   * guest's, and a member's when their address is under a ban.
   */
  approvedCount: number;
  /** How many of a named guest's comments wait for a moderator, to say why the next one waits too. */
  heldCount: number;
  /** A ban in force against this poster themselves (account, email or browser), if any. */
  ban?: { reason: string; expiresAt: Date | null } | null;
  /** Whether a ban is in force against the network address the comment comes from. */
  addressBanned?: boolean;
  /** The spam score of the body and how many decisions the model learned from, if gathered. */
  spam?: { decisions: number; score: SpamScore } | null;
  /** Whether the pile-on brake is on for the post. */
  pileOn?: PileOnState;
};

export type ReasonCode =
  | "anonymous"
  | "anonymous-refused"
  | "first-comment"
  | "named-held"
  | "named-refused"
  | "member-held"
  | "links"
  | "held-word"
  | "blocked-word"
  | "flood"
  | "duplicate"
  | "too-short"
  | "too-long"
  | "post-closed"
  | "members-only"
  | "post-too-old"
  | "banned"
  | "banned-address"
  | "spam-score"
  | "pile-on"
  | "personal-details"
  | "appearance-only";

export type Reason = {
  code: ReasonCode;
  /** Told to the poster, as it is, after "Held for a moderator because:" or "Not accepted because:". */
  message: string;
  /** For moderators only: what exactly matched. */
  detail?: string;
  /** For a flood: seconds until the poster may try again. */
  retryAfterSeconds?: number;
};

export type Decision = { outcome: Outcome; reasons: Reason[] };

const DAY_MS = 24 * 60 * 60 * 1000;

/** What one rule found: a reason, and whether it holds the comment or refuses it. */
export type Finding = { outcome: "hold" | "reject"; reason: Reason };

/**
 * One named rule of the policy. Rules run in the order of `POLICY_RULES`, in phases:
 * - `gate`: whether this poster may comment here at all; the first gate that finds
 *   something refuses the comment with that reason alone, and no later rule runs.
 * - `everyone`: checks that protect the board from everybody, trusted posters included.
 * - `untrusted`: checks skipped for verified posters and staff.
 */
export type PolicyRule = {
  name: string;
  phase: "gate" | "everyone" | "untrusted";
  apply(input: DecisionInput, settings: PolicySettings, now: Date): Finding[];
};

const refuse = (reason: Reason): Finding[] => [{ outcome: "reject", reason }];
const hold = (reason: Reason): Finding[] => [{ outcome: "hold", reason }];

/** The policy, rule by rule, in the order reasons are given to the poster. */
export const POLICY_RULES: readonly PolicyRule[] = [
  {
    // Whether the post takes comments at all comes first: nothing else matters when it doesn't.
    name: "post-open",
    phase: "gate",
    apply: (input, settings, now) => {
      const closed = closedReason(input.post, input.posterClass, settings, now);
      return closed ? refuse(closed) : [];
    },
  },
  {
    name: "ban",
    phase: "gate",
    apply: (input) => {
      if (!input.ban) return [];
      const until = input.ban.expiresAt
        ? ` until ${input.ban.expiresAt.toISOString().slice(0, 10)}`
        : "";
      return refuse({
        code: "banned",
        message: `you are banned from commenting here${until} (${input.ban.reason})`,
      });
    },
  },
  {
    name: "length",
    phase: "everyone",
    apply: (input, settings) => {
      const length = [...input.body.trim()].length;
      if (length < settings.minLength) {
        return refuse({
          code: "too-short",
          message:
            settings.minLength <= 1
              ? "the comment is empty"
              : `a comment needs at least ${settings.minLength} characters`,
        });
      }
      if (length > settings.maxLength) {
        return refuse({
          code: "too-long",
          message: `the comment is longer than ${groupedDigits(settings.maxLength)} characters (it has ${groupedDigits(length)})`,
        });
      }
      return [];
    },
  },
  {
    // Flood and repeats protect everyone, trusted posters included, from double posts and scripts.
    name: "flood",
    phase: "everyone",
    apply: (input, settings, now) => {
      const windowMs = settings.floodWindowSeconds * 1000;
      const times = input.recentComments.map((comment) =>
        comment.createdAt.getTime(),
      );
      const retryAfter = retryAfterSeconds(
        times,
        settings.floodLimit,
        windowMs,
        now.getTime(),
      );
      if (retryAfter === null) return [];
      const posted = times.filter(
        (time) => time > now.getTime() - windowMs,
      ).length;
      const window =
        settings.floodWindowSeconds === 60
          ? "minute"
          : describeDuration(settings.floodWindowSeconds);
      return refuse({
        code: "flood",
        message: `you have posted ${posted} comments in the last ${window}: please try again in ${describeDuration(retryAfter)}`,
        retryAfterSeconds: retryAfter,
      });
    },
  },
  {
    name: "duplicate",
    phase: "everyone",
    apply: (input, settings, now) => {
      const since = now.getTime() - settings.duplicateWindowMinutes * 60 * 1000;
      const normalized = normalizeBody(input.body);
      const repeated = input.recentComments.some(
        (comment) =>
          comment.createdAt.getTime() > since &&
          normalizeBody(comment.body) === normalized,
      );
      return repeated
        ? refuse({
            code: "duplicate",
            message: "you posted the same comment a moment ago",
          })
        : [];
    },
  },
  {
    name: "blocked-words",
    phase: "untrusted",
    apply: (input, settings) => {
      const blocked = matchingWords(input.body, settings.blockedWords);
      return blocked.length > 0
        ? refuse({
            code: "blocked-word",
            message: "it contains words that are not allowed on this board",
            detail: blocked.join(", "),
          })
        : [];
    },
  },
  {
    name: "poster-class",
    phase: "untrusted",
    apply: (input, settings) => {
      const finding = classReason(input, settings);
      return finding ? [finding] : [];
    },
  },
  {
    name: "links",
    phase: "untrusted",
    apply: (input, settings) => {
      const links = countLinks(input.body);
      return settings.holdAtLinks > 0 && links >= settings.holdAtLinks
        ? hold({ code: "links", message: `${links} links` })
        : [];
    },
  },
  {
    // An address is shared by a household or a phone network, so it does not refuse: it holds
    // those the site cannot tell apart from the banned poster, who would otherwise be back with a
    // cleared cookie or a new account. Members with an approved comment are known to be someone else.
    name: "banned-address",
    phase: "untrusted",
    apply: (input) =>
      input.addressBanned &&
      (input.posterClass !== "member" || input.approvedCount === 0)
        ? hold({
            code: "banned-address",
            message: "it was sent from a network address under a ban",
          })
        : [],
  },
  {
    name: "held-words",
    phase: "untrusted",
    apply: (input, settings) => {
      const held = matchingWords(input.body, settings.heldWords);
      return held.length > 0
        ? hold({
            code: "held-word",
            message: "it contains words a moderator checks first",
            detail: held.join(", "),
          })
        : [];
    },
  },
  {
    // On a local-safety board a plate, a phone number or a house can point neighbours at a
    // person: a moderator reads such a comment first, and the poster is told what to take out.
    name: "personal-details",
    phase: "untrusted",
    apply: (input, settings) => {
      if (!settings.holdPersonalDetails) return [];
      const details = findPersonalDetails(input.body, {
        allowCrimeReferences: settings.allowCrimeReferences,
      });
      if (details.length === 0) return [];
      const kinds = PERSONAL_DETAIL_KINDS.filter((kind) =>
        details.some((detail) => detail.kind === kind),
      );
      return hold({
        code: "personal-details",
        message: `it may identify a person or a home (${kinds.map((kind) => PERSONAL_DETAIL_LABELS[kind]).join(", ")})`,
        detail: details.map((detail) => detail.text).join(", "),
      });
    },
  },
  {
    // On a sightings post, "a black lad in a hoodie" with nothing he did points neighbours at
    // everyone who looks like that: a moderator reads it first, and the poster is asked for behaviour.
    name: "appearance-only",
    phase: "untrusted",
    apply: (input, settings) => {
      if (
        !isObservationPost(input.post.tagNames ?? [], settings.observationTags)
      )
        return [];
      const words = appearanceOnlyWords(input.body, settings);
      return words.length > 0
        ? hold({
            code: "appearance-only",
            message:
              "it describes what someone looks like but not what they did: say what they did, where and when",
            detail: words.join(", "),
          })
        : [];
    },
  },
  {
    // Learned from this board's own moderators; it only ever holds, so a wrong guess costs a wait.
    name: "spam-score",
    phase: "untrusted",
    apply: (input, settings) => {
      const spam = spamScoreRule(settings, input.spam);
      return spam
        ? hold({
            code: "spam-score",
            message:
              "it looks like comments this board's moderators marked as spam",
            detail: spam.topTokens.join(", "),
          })
        : [];
    },
  },
  {
    name: "pile-on",
    phase: "untrusted",
    apply: (input) =>
      input.pileOn && pileOnHolds(input.posterClass, input.pileOn)
        ? hold({
            code: "pile-on",
            message:
              "this post has drawn a sudden rush of comments or reports, so guests' comments are checked first for a while",
          })
        : [],
  },
];

/**
 * Decides what happens to a new comment by running `rules` (the policy's, unless a test
 * passes others) in order. Every rule that applies adds a reason; any refusal wins over any
 * hold, and a decision with no reasons publishes.
 */
export function decide(
  input: DecisionInput,
  settings: PolicySettings,
  now: Date,
  rules: readonly PolicyRule[] = POLICY_RULES,
): Decision {
  const trusted =
    input.posterClass === "verified" || input.posterClass === "staff";
  const findings: Finding[] = [];
  for (const rule of rules) {
    if (rule.phase === "untrusted" && trusted) continue;
    const found = rule.apply(input, settings, now);
    if (rule.phase === "gate" && found.length > 0) {
      return { outcome: "reject", reasons: found.map((f) => f.reason) };
    }
    findings.push(...found);
  }
  const refusals = findings.filter((f) => f.outcome === "reject");
  if (refusals.length > 0) {
    return { outcome: "reject", reasons: refusals.map((f) => f.reason) };
  }
  const holds = findings.filter((f) => f.outcome === "hold");
  if (holds.length > 0) {
    return { outcome: "hold", reasons: holds.map((f) => f.reason) };
  }
  return { outcome: "publish", reasons: [] };
}

/** Why this poster cannot comment on this post at all, or null when they can. */
export function closedReason(
  post: DecisionInput["post"],
  posterClass: PosterClass,
  settings: PolicySettings,
  now: Date,
): Reason | null {
  if (posterClass === "staff") return null;
  if (post.commentsMode === "closed") {
    return { code: "post-closed", message: "comments are closed on this post" };
  }
  if (
    post.commentsMode === "members" &&
    (posterClass === "anonymous" || posterClass === "named")
  ) {
    return {
      code: "members-only",
      message: "only signed-in members can comment on this post",
    };
  }
  if (settings.closeAfterDays > 0) {
    const closesAt =
      Date.parse(`${post.date}T00:00:00Z`) + settings.closeAfterDays * DAY_MS;
    if (now.getTime() >= closesAt) {
      return {
        code: "post-too-old",
        message: `comments close ${settings.closeAfterDays} days after a post is published`,
      };
    }
  }
  return null;
}

function classReason(
  input: DecisionInput,
  settings: PolicySettings,
): Finding | null {
  switch (input.posterClass) {
    case "anonymous":
      if (settings.anonymous === "hold") {
        return {
          outcome: "hold",
          reason: { code: "anonymous", message: "anonymous poster" },
        };
      }
      if (settings.anonymous === "reject") {
        return {
          outcome: "reject",
          reason: {
            code: "anonymous-refused",
            message:
              "anonymous comments are not accepted here: please give a name",
          },
        };
      }
      return null;
    case "named":
      if (settings.named === "hold-first" && input.approvedCount === 0) {
        return {
          outcome: "hold",
          reason: {
            code: "first-comment",
            message:
              input.heldCount === 0
                ? "first comment from a new guest"
                : `no comment from this guest has been approved yet (${input.heldCount} earlier ${input.heldCount === 1 ? "one waits" : "ones wait"} for a moderator)`,
          },
        };
      }
      if (settings.named === "hold") {
        return {
          outcome: "hold",
          reason: {
            code: "named-held",
            message: "comments from guests are checked first",
          },
        };
      }
      if (settings.named === "reject") {
        return {
          outcome: "reject",
          reason: {
            code: "named-refused",
            message: "only signed-in members can comment here",
          },
        };
      }
      return null;
    case "member":
      return settings.member === "hold"
        ? {
            outcome: "hold",
            reason: {
              code: "member-held",
              message: "comments from members are checked first",
            },
          }
        : null;
    default:
      return null;
  }
}

/** Links a reader could follow: URLs with a scheme and bare www. addresses. */
export function countLinks(body: string): number {
  return body.match(/\bhttps?:\/\/|(?<![\w/.@])www\./gi)?.length ?? 0;
}

function normalizeBody(body: string): string {
  return body.trim().replace(/\s+/g, " ").toLowerCase();
}
