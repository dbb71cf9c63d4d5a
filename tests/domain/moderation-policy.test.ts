import { describe, expect, it } from "vitest";
import {
  DEFAULT_POLICY,
  POSTER_CLASSES,
  closedReason,
  countLinks,
  decide,
  matchingWords,
  policySettingsSchema,
  type Decision,
  type DecisionInput,
  type Outcome,
  type PolicySettings,
  type PosterClass,
  type ReasonCode,
} from "~/domain/moderation-policy";

// Every test passes `now` explicitly: the policy never reads the clock.
const NOW = new Date("2025-06-01T12:00:00.000Z");
const OPEN_POST: DecisionInput["post"] = {
  commentsMode: "open",
  date: "2025-05-20",
};

type SettingsOverrides = Partial<
  Omit<PolicySettings, "heldWords" | "blockedWords">
> & { heldWords?: readonly string[]; blockedWords?: readonly string[] };

function policy(overrides: SettingsOverrides = {}): PolicySettings {
  const { heldWords, blockedWords, ...rest } = overrides;
  return {
    ...DEFAULT_POLICY,
    ...rest,
    heldWords: [...(heldWords ?? DEFAULT_POLICY.heldWords)],
    blockedWords: [...(blockedWords ?? DEFAULT_POLICY.blockedWords)],
  };
}

function input(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    posterClass: "member",
    body: "Thanks for the update about the bike marking event.",
    post: OPEN_POST,
    recentComments: [],
    approvedCount: 0,
    heldCount: 0,
    ...overrides,
  };
}

function secondsBefore(seconds: number, at: Date = NOW): Date {
  return new Date(at.getTime() - seconds * 1000);
}

function minutesBefore(minutes: number): Date {
  return secondsBefore(minutes * 60);
}

/** A comment by the same poster some seconds before NOW. */
function recent(secondsAgo: number, body = `earlier comment ${secondsAgo}`) {
  return { body, createdAt: secondsBefore(secondsAgo) };
}

/** Calls decide and checks the invariants every decision must keep. */
function run(
  decisionInput: DecisionInput,
  settings: PolicySettings = DEFAULT_POLICY,
  now: Date = NOW,
): Decision {
  const decision = decide(decisionInput, settings, now);
  expect(decision.outcome === "publish").toBe(decision.reasons.length === 0);
  for (const reason of decision.reasons) {
    expect(reason.message.trim()).not.toBe("");
  }
  return decision;
}

function codes(decision: Decision): ReasonCode[] {
  return decision.reasons.map((reason) => reason.code);
}

const REFUSAL_CODES: ReasonCode[] = [
  "anonymous-refused",
  "named-refused",
  "blocked-word",
  "flood",
  "duplicate",
  "too-short",
  "too-long",
  "post-closed",
  "members-only",
  "post-too-old",
];

describe("decide: poster classes", () => {
  type ClassCase = {
    posterClass: PosterClass;
    settings: SettingsOverrides;
    approvedCount: number;
    outcome: Outcome;
    reasons: ReasonCode[];
  };
  const cases: ClassCase[] = [
    // anonymous: publish / hold (default) / reject
    {
      posterClass: "anonymous",
      settings: { anonymous: "publish" },
      approvedCount: 0,
      outcome: "publish",
      reasons: [],
    },
    {
      posterClass: "anonymous",
      settings: {},
      approvedCount: 0,
      outcome: "hold",
      reasons: ["anonymous"],
    },
    {
      posterClass: "anonymous",
      settings: { anonymous: "hold" },
      approvedCount: 4,
      outcome: "hold",
      reasons: ["anonymous"],
    },
    {
      posterClass: "anonymous",
      settings: { anonymous: "reject" },
      approvedCount: 0,
      outcome: "reject",
      reasons: ["anonymous-refused"],
    },
    // named: publish / hold-first (default) / hold / reject
    {
      posterClass: "named",
      settings: { named: "publish" },
      approvedCount: 0,
      outcome: "publish",
      reasons: [],
    },
    {
      posterClass: "named",
      settings: {},
      approvedCount: 0,
      outcome: "hold",
      reasons: ["first-comment"],
    },
    {
      posterClass: "named",
      settings: { named: "hold-first" },
      approvedCount: 1,
      outcome: "publish",
      reasons: [],
    },
    {
      posterClass: "named",
      settings: { named: "hold-first" },
      approvedCount: 12,
      outcome: "publish",
      reasons: [],
    },
    {
      posterClass: "named",
      settings: { named: "hold" },
      approvedCount: 0,
      outcome: "hold",
      reasons: ["named-held"],
    },
    {
      posterClass: "named",
      settings: { named: "hold" },
      approvedCount: 3,
      outcome: "hold",
      reasons: ["named-held"],
    },
    {
      posterClass: "named",
      settings: { named: "reject" },
      approvedCount: 0,
      outcome: "reject",
      reasons: ["named-refused"],
    },
    {
      posterClass: "named",
      settings: { named: "reject" },
      approvedCount: 5,
      outcome: "reject",
      reasons: ["named-refused"],
    },
    // member: publish (default) / hold
    {
      posterClass: "member",
      settings: {},
      approvedCount: 0,
      outcome: "publish",
      reasons: [],
    },
    {
      posterClass: "member",
      settings: { member: "hold" },
      approvedCount: 9,
      outcome: "hold",
      reasons: ["member-held"],
    },
    // The guest rules do not touch members.
    {
      posterClass: "member",
      settings: { anonymous: "reject", named: "reject" },
      approvedCount: 0,
      outcome: "publish",
      reasons: [],
    },
    // verified and staff always publish, whatever the class rules say.
    ...(["verified", "staff"] as const).flatMap((posterClass) =>
      [
        {},
        { anonymous: "reject", named: "reject", member: "hold" } as const,
        { anonymous: "hold", named: "hold", member: "hold" } as const,
      ].map((settings): ClassCase => ({
        posterClass,
        settings,
        approvedCount: 0,
        outcome: "publish",
        reasons: [],
      })),
    ),
  ];

  it.each(cases)(
    "$posterClass with $settings and $approvedCount approved → $outcome $reasons",
    ({ posterClass, settings, approvedCount, outcome, reasons }) => {
      const decision = run(
        input({ posterClass, approvedCount }),
        policy(settings),
      );
      expect(decision.outcome).toBe(outcome);
      expect(codes(decision)).toEqual(reasons);
    },
  );

  it.each([
    ["anonymous", { anonymous: "hold" }, "anonymous poster"],
    ["named", { named: "hold-first" }, "first comment from a new guest"],
  ] as const)(
    "tells a held %s poster why in plain words",
    (posterClass, settings, message) => {
      const decision = run(input({ posterClass }), policy(settings));
      expect(decision.reasons[0]?.message).toBe(message);
    },
  );

  it.each([
    [0, "first comment from a new guest"],
    [
      1,
      "no comment from this guest has been approved yet (1 earlier one waits for a moderator)",
    ],
    [
      4,
      "no comment from this guest has been approved yet (4 earlier ones wait for a moderator)",
    ],
  ])(
    "tells a named guest with %i comments held why the next one is held too",
    (heldCount, message) => {
      const decision = run(
        input({ posterClass: "named", approvedCount: 0, heldCount }),
        policy({ named: "hold-first" }),
      );
      expect(decision.outcome).toBe("hold");
      expect(codes(decision)).toEqual(["first-comment"]);
      expect(decision.reasons[0]?.message).toBe(message);
    },
  );

  const trustedBodies: [string, string][] = [
    [
      "many links",
      "https://a.example http://b.example www.c.example https://d.example www.e.example",
    ],
    ["a held word", "This looks like a scam to me."],
    ["a blocked word", "What a load of rubbish."],
    [
      "links, held and blocked words together",
      "scam rubbish https://a.example https://b.example https://c.example",
    ],
  ];
  describe.each(["verified", "staff"] as const)("%s posters", (posterClass) => {
    it.each(trustedBodies)("publish with %s", (_label, body) => {
      const decision = run(
        input({ posterClass, body }),
        policy({
          anonymous: "reject",
          named: "reject",
          member: "hold",
          holdAtLinks: 1,
          heldWords: ["scam"],
          blockedWords: ["rubbish"],
        }),
      );
      expect(decision).toEqual({ outcome: "publish", reasons: [] });
    });
  });
});

describe("countLinks", () => {
  it.each([
    ["no links at all", 0],
    ["see https://met.example/advice", 1],
    ["see http://met.example/advice", 1],
    ["see www.met.example", 1],
    ["SEE HTTPS://MET.EXAMPLE and WWW.POLICE.EXAMPLE", 2],
    // A scheme followed by www. is one link, not two.
    ["https://www.met.example", 1],
    ["http://www.met.example/www.other", 1],
    ["(www.met.example) and [a link](https://b.example)", 2],
    ["<https://a.example> <https://b.example> <https://c.example>", 3],
    // "www." inside a word or a host name is not a link of its own.
    ["email me at bob.www.x", 0],
    ["a.www.b and awww. so cute", 0],
    // Something that only looks like a scheme is not one.
    ["xhttp://a.example", 0],
    ["ftp://files.example", 0],
    ["met.example without a prefix", 0],
  ])("counts %j as %i", (body, expected) => {
    expect(countLinks(body)).toBe(expected);
  });
});

describe("decide: links", () => {
  it.each([
    // [body, settings, outcome, message]
    ["one link https://a.example", {}, "publish", null],
    ["www.a.example", {}, "publish", null],
    ["https://a.example and http://b.example", {}, "hold", "2 links"],
    ["https://a.example and www.b.example", {}, "hold", "2 links"],
    ["www.a.example www.b.example www.c.example", {}, "hold", "3 links"],
    ["email me at bob.www.x or www.c.example", {}, "publish", null],
    [
      "https://a.example https://b.example https://c.example https://d.example",
      { holdAtLinks: 0 },
      "publish",
      null,
    ],
    ["one link https://a.example", { holdAtLinks: 1 }, "hold", "1 links"],
    ["https://a.example www.b.example", { holdAtLinks: 3 }, "publish", null],
    [
      "https://a.example www.b.example http://c.example",
      { holdAtLinks: 3 },
      "hold",
      "3 links",
    ],
  ] as const)(
    "member writing %j with %j → %s",
    (body, settings, outcome, message) => {
      const decision = run(input({ body }), policy(settings));
      expect(decision.outcome).toBe(outcome);
      if (message === null) {
        expect(decision.reasons).toEqual([]);
      } else {
        expect(decision.reasons).toEqual([{ code: "links", message }]);
      }
    },
  );

  it.each([
    ["anonymous", { anonymous: "publish" }, 0],
    ["named", { named: "hold-first" }, 1],
    ["named", { named: "publish" }, 0],
  ] as const)(
    "holds a %s poster otherwise published (%j) for 2 links",
    (posterClass, settings, approvedCount) => {
      const decision = run(
        input({
          posterClass,
          approvedCount,
          body: "https://a.example https://b.example",
        }),
        policy(settings),
      );
      expect(decision.outcome).toBe("hold");
      expect(codes(decision)).toEqual(["links"]);
    },
  );
});

describe("matchingWords", () => {
  it.each([
    // [text, words, matches]
    ["This is a SCAM.", ["scam"], ["scam"]],
    ["this is a scam", ["SCAM"], ["SCAM"]],
    ["Scampi and scammers are fine", ["scam"], []],
    ["a rat-catcher", ["rat"], ["rat"]],
    ["celebrate the ratings", ["rat"], []],
    ["Get FREE-money now!", ["free money"], ["free money"]],
    ["free\n\nMONEY", ["free money"], ["free money"]],
    ["free the money", ["free money"], []],
    ["freemoney", ["free money"], []],
    ["Meet at the Café Crème", ["cafe", "creme"], ["cafe", "creme"]],
    ["meet at the cafe", ["café"], ["café"]],
    ["NAÏVE", ["naive"], ["naive"]],
    ["spam, eggs and ham", ["spam", "ham", "bacon"], ["spam", "ham"]],
    ["anything", [], []],
    ["anything !!!", ["!!!"], []],
  ])("finds in %j of %j: %j", (text, words, expected) => {
    expect(matchingWords(text, words)).toEqual(expected);
  });
});

describe("decide: held and blocked words", () => {
  const settings = policy({
    heldWords: ["scam", "free money", "café"],
    blockedWords: ["rubbish", "idiot"],
  });
  it.each([
    // [body, outcome, codes, detail]
    ["Sounds like a SCAM to me", "hold", ["held-word"], "scam"],
    [
      "Sounds like a scam and FREE money",
      "hold",
      ["held-word"],
      "scam, free money",
    ],
    ["Meet at the CAFE at noon", "hold", ["held-word"], "café"],
    ["The scampi at the cafeteria", "publish", [], null],
    ["What RUBBISH.", "reject", ["blocked-word"], "rubbish"],
    ["Rubbish, you idiot", "reject", ["blocked-word"], "rubbish, idiot"],
    ["Idiotic rubbishy remarks", "publish", [], null],
    // Blocked wins over held, and the held reason is not listed.
    ["A rubbish scam", "reject", ["blocked-word"], "rubbish"],
  ] as const)("%j → %s", (body, outcome, expectedCodes, detail) => {
    const decision = run(input({ body }), settings);
    expect(decision.outcome).toBe(outcome);
    expect(codes(decision)).toEqual(expectedCodes);
    if (detail !== null) expect(decision.reasons[0]?.detail).toBe(detail);
  });
});

describe("decide: flood", () => {
  it.each([
    // [secondsAgo of earlier comments, retryAfterSeconds]
    [[50, 40, 30, 20, 10], 10],
    [[10, 20, 30, 40, 50], 10],
    [[59, 1, 2, 3, 4], 1],
    [[59.5, 1, 2, 3, 4], 1],
    [[30, 5, 4, 3, 2], 30],
    [[1, 1, 1, 1, 1], 59],
    // Older comments do not count, nor does the oldest in the window get chosen among them.
    [[45, 40, 30, 20, 10, 61, 90, 3600], 15],
  ])(
    "rejects a 6th comment after comments %j seconds ago, retry in %i s",
    (secondsAgo, retryAfterSeconds) => {
      const decision = run(
        input({ recentComments: secondsAgo.map((s) => recent(s)) }),
      );
      expect(decision.outcome).toBe("reject");
      expect(decision.reasons).toEqual([
        {
          code: "flood",
          message: expect.stringContaining("try again"),
          retryAfterSeconds,
        },
      ]);
    },
  );

  it.each([
    [[]],
    [[40, 30, 20, 10]],
    [[40, 30, 20, 10, 61]],
    [[40, 30, 20, 10, 60]],
    [[3600, 600, 120, 61, 60, 59]],
  ])("publishes after comments %j seconds ago", (secondsAgo) => {
    const decision = run(
      input({ recentComments: secondsAgo.map((s) => recent(s)) }),
    );
    expect(decision).toEqual({ outcome: "publish", reasons: [] });
  });

  it.each(POSTER_CLASSES)("applies to %s posters too", (posterClass) => {
    const decision = run(
      input({
        posterClass,
        approvedCount: 3,
        recentComments: [50, 40, 30, 20, 10].map((s) => recent(s)),
      }),
      policy({ anonymous: "publish", named: "publish" }),
    );
    expect(decision.outcome).toBe("reject");
    expect(codes(decision)).toEqual(["flood"]);
  });

  it("follows a custom limit and window", () => {
    const settings = policy({ floodLimit: 2, floodWindowSeconds: 300 });
    const twoRecent = [recent(200), recent(100)];
    const decision = run(input({ recentComments: twoRecent }), settings);
    expect(decision.reasons).toEqual([
      expect.objectContaining({ code: "flood", retryAfterSeconds: 100 }),
    ]);
    expect(
      run(input({ recentComments: [recent(301), recent(100)] }), settings),
    ).toEqual({ outcome: "publish", reasons: [] });
  });

  // Retrying after the given number of seconds must succeed, and not a second earlier.
  it.each([
    [[50, 40, 30, 20, 10], 10],
    [[59.5, 1, 2, 3, 4], 1],
    [[1, 1, 1, 1, 1], 59],
    // More comments in the window than the limit (the limit was lowered, or the poster's
    // comments came from several browsers or addresses): enough of them must age out, so the
    // wait runs to when the (count - limit + 1)th oldest leaves the window, not the oldest.
    [[55, 50, 40, 30, 20, 10], 10],
    [[58, 57, 56, 55, 54, 53, 52], 4],
  ])(
    "after comments %j seconds ago, a retry in %i s is not a flood",
    (secondsAgo, expectedRetry) => {
      const recentComments = secondsAgo.map((s) => recent(s));
      const first = run(input({ recentComments }));
      const retryAfterSeconds = first.reasons[0]?.retryAfterSeconds;
      expect(retryAfterSeconds).toBe(expectedRetry);
      const later = new Date(NOW.getTime() + retryAfterSeconds! * 1000);
      expect(run(input({ recentComments }), DEFAULT_POLICY, later)).toEqual({
        outcome: "publish",
        reasons: [],
      });
      const tooSoon = new Date(later.getTime() - 1000);
      expect(
        codes(run(input({ recentComments }), DEFAULT_POLICY, tooSoon)),
      ).toEqual(["flood"]);
    },
  );
});

describe("decide: duplicates", () => {
  const body = "Has anyone else seen the van parked on Elm Road?";
  it.each([
    // [previous body, how long ago, outcome]
    [body, minutesBefore(1), "reject"],
    [body, minutesBefore(9.99), "reject"],
    [
      "  has ANYONE else seen\nthe van   parked on\telm road? ",
      minutesBefore(2),
      "reject",
    ],
    [body, secondsBefore(601), "publish"],
    [body, minutesBefore(60), "publish"],
    [
      "Has anyone else seen the van parked on Oak Road?",
      minutesBefore(1),
      "publish",
    ],
    [
      "Has anyone else seen the van parked on Elm Road",
      minutesBefore(1),
      "publish",
    ],
  ] as const)("after %j (%s) → %s", (previous, createdAt, outcome) => {
    const decision = run(
      input({ body, recentComments: [{ body: previous, createdAt }] }),
    );
    expect(decision.outcome).toBe(outcome);
    expect(codes(decision)).toEqual(outcome === "reject" ? ["duplicate"] : []);
  });

  it.each(POSTER_CLASSES)("refuses a repeat from %s posters", (posterClass) => {
    const decision = run(
      input({
        posterClass,
        body,
        recentComments: [{ body, createdAt: minutesBefore(3) }],
      }),
      policy({ anonymous: "publish", named: "publish" }),
    );
    expect(decision.outcome).toBe("reject");
    expect(codes(decision)).toEqual(["duplicate"]);
  });

  it("finds the repeat among other recent comments", () => {
    const decision = run(
      input({
        body,
        recentComments: [
          { body: "something else", createdAt: minutesBefore(1) },
          { body: body.toUpperCase(), createdAt: minutesBefore(5) },
          { body: "older", createdAt: minutesBefore(8) },
        ],
      }),
    );
    expect(codes(decision)).toEqual(["duplicate"]);
  });

  it("follows a custom window; 0 turns it off", () => {
    const recentComments = [{ body, createdAt: minutesBefore(20) }];
    expect(
      codes(
        run(
          input({ body, recentComments }),
          policy({ duplicateWindowMinutes: 30 }),
        ),
      ),
    ).toEqual(["duplicate"]);
    expect(
      run(
        input({
          body,
          recentComments: [{ body, createdAt: secondsBefore(1) }],
        }),
        policy({ duplicateWindowMinutes: 0 }),
      ),
    ).toEqual({ outcome: "publish", reasons: [] });
  });
});

describe("decide: length", () => {
  it.each([
    // [label, body, settings, outcome, code]
    ["empty", "", {}, "reject", "too-short"],
    ["whitespace only", "   \n\t  \n ", {}, "reject", "too-short"],
    ["one character", "a", {}, "publish", null],
    ["exactly 5,000 characters", "a".repeat(5000), {}, "publish", null],
    ["5,001 characters", "a".repeat(5001), {}, "reject", "too-long"],
    [
      "5,000 characters with spaces around",
      ` \n${"a".repeat(5000)}\n `,
      {},
      "publish",
      null,
    ],
    // Length is counted by code point: an emoji is one character, not two UTF-16 units.
    ["5,000 emoji", "😀".repeat(5000), {}, "publish", null],
    ["5,001 emoji", "😀".repeat(5001), {}, "reject", "too-long"],
    [
      "10 characters at maxLength 10",
      "abcdefghij",
      { maxLength: 10 },
      "publish",
      null,
    ],
    [
      "11 characters at maxLength 10",
      "abcdefghijk",
      { maxLength: 10 },
      "reject",
      "too-long",
    ],
    [
      "10 emoji at maxLength 10",
      "🚲".repeat(10),
      { maxLength: 10 },
      "publish",
      null,
    ],
    [
      "2 characters at minLength 3",
      "ok",
      { minLength: 3 },
      "reject",
      "too-short",
    ],
    ["3 characters at minLength 3", "yes", { minLength: 3 }, "publish", null],
  ] as const)("%s → %s", (_label, body, settings, outcome, code) => {
    const decision = run(input({ body }), policy(settings));
    expect(decision.outcome).toBe(outcome);
    expect(codes(decision)).toEqual(code === null ? [] : [code]);
  });

  it.each([
    ["", {}, "the comment is empty"],
    ["ok", { minLength: 3 }, "a comment needs at least 3 characters"],
    [
      "😀".repeat(5001),
      {},
      "the comment is longer than 5,000 characters (it has 5,001)",
    ],
  ] as const)("explains the length of %j", (body, settings, message) => {
    expect(run(input({ body }), policy(settings)).reasons[0]?.message).toBe(
      message,
    );
  });

  it.each(["verified", "staff"] as const)(
    "applies to %s posters too",
    (posterClass) => {
      expect(codes(run(input({ posterClass, body: " " })))).toEqual([
        "too-short",
      ]);
      expect(
        codes(run(input({ posterClass, body: "a".repeat(5001) }))),
      ).toEqual(["too-long"]);
    },
  );
});

describe("decide: closed posts", () => {
  // Everything else wrong at once, to show that the closed reason is the only one given.
  const messyBody = `rubbish ${"https://a.example ".repeat(3)}${"x".repeat(5000)}`;
  const messyInput = (posterClass: PosterClass, post: DecisionInput["post"]) =>
    input({
      posterClass,
      post,
      body: messyBody,
      recentComments: [50, 40, 30, 20, 10].map((s) => recent(s, messyBody)),
    });
  const strict = policy({ anonymous: "reject", blockedWords: ["rubbish"] });

  it.each(POSTER_CLASSES.filter((posterClass) => posterClass !== "staff"))(
    "comments: closed refuses %s posters with only the post-closed reason",
    (posterClass) => {
      const decision = run(
        messyInput(posterClass, { ...OPEN_POST, commentsMode: "closed" }),
        strict,
      );
      expect(decision.outcome).toBe("reject");
      expect(codes(decision)).toEqual(["post-closed"]);
    },
  );

  it("comments: closed still takes comments from staff", () => {
    expect(
      run(
        input({
          posterClass: "staff",
          post: { ...OPEN_POST, commentsMode: "closed" },
        }),
      ),
    ).toEqual({ outcome: "publish", reasons: [] });
  });

  it.each([
    ["anonymous", { anonymous: "publish" }, "reject", ["members-only"]],
    ["named", { named: "publish" }, "reject", ["members-only"]],
    ["member", {}, "publish", []],
    ["verified", {}, "publish", []],
    ["staff", {}, "publish", []],
  ] as const)(
    "comments: members → %s poster (%j) is %s",
    (posterClass, settings, outcome, expectedCodes) => {
      const decision = run(
        input({
          posterClass,
          approvedCount: 5,
          post: { ...OPEN_POST, commentsMode: "members" },
        }),
        policy(settings),
      );
      expect(decision.outcome).toBe(outcome);
      expect(codes(decision)).toEqual(expectedCodes);
    },
  );

  it("comments: members refuses a guest with only the members-only reason", () => {
    const decision = run(
      messyInput("anonymous", { ...OPEN_POST, commentsMode: "members" }),
      strict,
    );
    expect(codes(decision)).toEqual(["members-only"]);
  });

  const date = "2025-05-01";
  const closesAt = new Date("2025-05-31T00:00:00.000Z");
  it.each([
    // [closeAfterDays, now, posterClass, codes]
    [30, new Date(closesAt.getTime() - 1), "member", []],
    [30, closesAt, "member", ["post-too-old"]],
    [30, new Date("2030-01-01T00:00:00Z"), "verified", ["post-too-old"]],
    [30, new Date("2030-01-01T00:00:00Z"), "staff", []],
    [0, new Date("2095-05-01T00:00:00Z"), "member", []],
    [1, new Date("2025-05-01T23:59:59.999Z"), "member", []],
    [1, new Date("2025-05-02T00:00:00.000Z"), "member", ["post-too-old"]],
  ] as const)(
    "closeAfterDays %i, now %s, %s → %j",
    (closeAfterDays, now, posterClass, expectedCodes) => {
      const decision = run(
        input({ posterClass, post: { commentsMode: "open", date } }),
        policy({ closeAfterDays }),
        now,
      );
      expect(codes(decision)).toEqual(expectedCodes);
    },
  );

  it("says how many days comments stay open", () => {
    const decision = run(
      input({ post: { commentsMode: "open", date } }),
      policy({ closeAfterDays: 30 }),
      closesAt,
    );
    expect(decision.reasons[0]?.message).toContain("30 days");
  });

  it.each([
    ["open", "named", 0, null],
    ["closed", "named", 0, "post-closed"],
    ["closed", "staff", 0, null],
    ["members", "named", 0, "members-only"],
    ["members", "member", 0, null],
    ["open", "named", 30, "post-too-old"],
    ["members", "named", 30, "members-only"],
  ] as const)(
    "closedReason for a %s post, %s poster, closeAfterDays %i → %s",
    (commentsMode, posterClass, closeAfterDays, code) => {
      const reason = closedReason(
        { commentsMode, date: "2024-01-01" },
        posterClass,
        policy({ closeAfterDays }),
        NOW,
      );
      expect(reason?.code ?? null).toBe(code);
      if (reason) expect(reason.message.trim()).not.toBe("");
    },
  );
});

describe("decide: combinations", () => {
  it("holds an anonymous comment with 3 links for both reasons, class first", () => {
    const decision = run(
      input({
        posterClass: "anonymous",
        body: "See https://a.example, http://b.example and www.c.example",
      }),
    );
    expect(decision).toEqual({
      outcome: "hold",
      reasons: [
        { code: "anonymous", message: "anonymous poster" },
        { code: "links", message: "3 links" },
      ],
    });
  });

  it.each([
    // [label, input, settings, outcome, codes (any order)]
    [
      "anonymous refused and too long",
      input({ posterClass: "anonymous", body: "a".repeat(5001) }),
      { anonymous: "reject" },
      "reject",
      ["anonymous-refused", "too-long"],
    ],
    [
      "named refused and a blocked word",
      input({ posterClass: "named", body: "rubbish" }),
      { named: "reject", blockedWords: ["rubbish"] },
      "reject",
      ["blocked-word", "named-refused"],
    ],
    [
      "a first-time guest with links and a held word",
      input({
        posterClass: "named",
        body: "A scam: https://a.example https://b.example",
      }),
      { heldWords: ["scam"] },
      "hold",
      ["first-comment", "held-word", "links"],
    ],
    [
      "held anonymous, links, held word, but a blocked word",
      input({
        posterClass: "anonymous",
        body: "rubbish scam https://a.example https://b.example",
      }),
      { heldWords: ["scam"], blockedWords: ["rubbish"] },
      "reject",
      ["blocked-word"],
    ],
    [
      "a first-time guest's repeat",
      input({
        posterClass: "named",
        body: "Same again",
        recentComments: [{ body: "same  again", createdAt: secondsBefore(90) }],
      }),
      {},
      "reject",
      ["duplicate"],
    ],
    [
      "a member with links in a flood",
      input({
        body: "https://a.example https://b.example",
        recentComments: [50, 40, 30, 20, 10].map((s) => recent(s)),
      }),
      {},
      "reject",
      ["flood"],
    ],
    [
      "an anonymous flood of repeats that are too long with blocked words",
      input({
        posterClass: "anonymous",
        body: `rubbish ${"z".repeat(5000)}`,
        recentComments: [50, 40, 30, 20, 10].map((s) =>
          recent(s, `rubbish ${"z".repeat(5000)}`),
        ),
      }),
      { anonymous: "reject", blockedWords: ["rubbish"] },
      "reject",
      ["anonymous-refused", "blocked-word", "duplicate", "flood", "too-long"],
    ],
    [
      "an empty anonymous comment",
      input({ posterClass: "anonymous", body: "" }),
      {},
      "reject",
      ["too-short"],
    ],
  ] as const)(
    "%s → %s",
    (_label, decisionInput, settings, outcome, expectedCodes) => {
      const decision = run(decisionInput, policy(settings));
      expect(decision.outcome).toBe(outcome);
      expect([...codes(decision)].sort()).toEqual([...expectedCodes].sort());
    },
  );

  it.each([
    input({ posterClass: "anonymous", body: "" }),
    input({
      posterClass: "anonymous",
      body: "www.a.example www.b.example rubbish",
    }),
    input({ posterClass: "named", body: "scam rubbish" }),
    input({ posterClass: "member", body: `scam ${"a".repeat(6000)}` }),
    input({
      posterClass: "anonymous",
      body: "scam https://a.example https://b.example",
      recentComments: [5, 4, 3, 2, 1].map((s) => recent(s)),
    }),
  ])("a reject never lists hold reasons (%#)", (decisionInput) => {
    const decision = run(
      decisionInput,
      policy({
        member: "hold",
        heldWords: ["scam"],
        blockedWords: ["rubbish"],
      }),
    );
    expect(decision.outcome).toBe("reject");
    expect(decision.reasons.length).toBeGreaterThan(0);
    for (const code of codes(decision)) {
      expect(REFUSAL_CODES).toContain(code);
    }
  });

  it("gives every reason a message and publishes exactly when there are none", () => {
    const bodies = [
      "",
      "fine",
      "scam",
      "rubbish",
      "https://a.example www.b.example",
      "a".repeat(5001),
    ];
    const settingsList = [
      DEFAULT_POLICY,
      policy({
        anonymous: "reject",
        named: "hold",
        member: "hold",
        heldWords: ["scam"],
        blockedWords: ["rubbish"],
        closeAfterDays: 30,
      }),
      policy({ anonymous: "publish", named: "publish", holdAtLinks: 0 }),
    ];
    const posts: DecisionInput["post"][] = [
      OPEN_POST,
      { commentsMode: "closed", date: "2025-05-20" },
      { commentsMode: "members", date: "2025-05-20" },
      { commentsMode: "open", date: "2020-01-01" },
    ];
    const seen = new Set<Outcome>();
    for (const posterClass of POSTER_CLASSES) {
      for (const body of bodies) {
        for (const settings of settingsList) {
          for (const post of posts) {
            for (const recentComments of [
              [],
              [1, 2, 3, 4, 5].map((s) => recent(s, body)),
            ]) {
              const decision = run(
                input({ posterClass, body, post, recentComments }),
                settings,
              );
              seen.add(decision.outcome);
            }
          }
        }
      }
    }
    expect([...seen].sort()).toEqual(["hold", "publish", "reject"]);
  });
});

describe("policySettingsSchema", () => {
  it("accepts the defaults as they are", () => {
    expect(policySettingsSchema.parse(DEFAULT_POLICY)).toEqual(DEFAULT_POLICY);
  });

  it("trims listed words", () => {
    const parsed = policySettingsSchema.parse({
      ...DEFAULT_POLICY,
      heldWords: ["  scam "],
      blockedWords: ["free money\n"],
    });
    expect(parsed.heldWords).toEqual(["scam"]);
    expect(parsed.blockedWords).toEqual(["free money"]);
  });

  it.each([
    ["a negative holdAtLinks", { holdAtLinks: -1 }],
    ["a fractional holdAtLinks", { holdAtLinks: 1.5 }],
    ["holdAtLinks as a string", { holdAtLinks: "2" }],
    ["an unknown anonymous rule", { anonymous: "ask-for-name" }],
    ["hold-first for anonymous posters", { anonymous: "hold-first" }],
    ["an unknown named rule", { named: "sometimes" }],
    ["reject for members", { member: "reject" }],
    ["a flood limit of 0", { floodLimit: 0 }],
    ["a negative closeAfterDays", { closeAfterDays: -30 }],
    ["a maxLength below 10", { maxLength: 5 }],
    ["a maxDepth of 0", { maxDepth: 0 }],
    ["an empty held word", { heldWords: [""] }],
    ["a held word of spaces", { heldWords: ["   "] }],
    ["blocked words that are not a list", { blockedWords: "rubbish" }],
    ["a missing field", { reportThreshold: undefined }],
  ])("rejects %s", (_label, overrides) => {
    expect(
      policySettingsSchema.safeParse({ ...DEFAULT_POLICY, ...overrides })
        .success,
    ).toBe(false);
  });
});

describe("bans", () => {
  const BAN = { reason: "Repeated abuse", expiresAt: null };

  it("refuses a poster banned by account, email or browser, whoever they are", () => {
    for (const posterClass of POSTER_CLASSES) {
      const decision = run(input({ posterClass, ban: BAN }));
      expect(decision.outcome).toBe("reject");
      expect(codes(decision)).toEqual(["banned"]);
    }
  });

  // An address is shared by a household or a phone network: it holds for a moderator instead of
  // refusing, and only those the site cannot tell apart from the banned poster.
  it.each<[string, Partial<DecisionInput>, Outcome]>([
    ["an anonymous guest", { posterClass: "anonymous" }, "hold"],
    ["a new named guest", { posterClass: "named" }, "hold"],
    [
      "a named guest with approved comments",
      { posterClass: "named", approvedCount: 4 },
      "hold",
    ],
    ["a new member's first comment", { posterClass: "member" }, "hold"],
    [
      "a member with an approved comment",
      { posterClass: "member", approvedCount: 1 },
      "publish",
    ],
    ["a verified resident", { posterClass: "verified" }, "publish"],
    ["staff", { posterClass: "staff" }, "publish"],
  ])("from an address under a ban: %s", (_case, overrides, outcome) => {
    const banned = run(input({ ...overrides, addressBanned: true }));
    expect(banned.outcome).toBe(outcome);
    if (outcome === "hold") {
      expect(banned.reasons).toContainEqual({
        code: "banned-address",
        message: "it was sent from a network address under a ban",
      });
    }
    // Control: the same poster from an address without a ban.
    expect(codes(run(input(overrides)))).not.toContain("banned-address");
  });

  it("lets a ban of the poster themselves win over a ban of their address", () => {
    const decision = run(
      input({ posterClass: "named", ban: BAN, addressBanned: true }),
    );
    expect(decision).toMatchObject({ outcome: "reject" });
    expect(codes(decision)).toEqual(["banned"]);
  });
});
