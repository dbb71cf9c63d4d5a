import { describe, expect, it } from "vitest";
import {
  DEFAULT_APPEARANCE_WORDS,
  DEFAULT_BEHAVIOUR_WORDS,
  DEFAULT_OBSERVATION_TAGS,
  appearanceOnlyWords,
  isObservationPost,
} from "~/domain/describe-behaviour";
import { DEFAULT_POLICY, decide } from "~/domain/moderation-policy";
import { parsePolicyForm, policyToForm } from "~/domain/policy-form";

const DEFAULTS = {
  appearanceWords: DEFAULT_APPEARANCE_WORDS,
  behaviourWords: DEFAULT_BEHAVIOUR_WORDS,
};

describe("appearanceOnlyWords with the default lists", () => {
  const trips: [string, string[]][] = [
    ["Two black lads hanging about on Elm Road", ["black"]],
    ["Saw an Asian man near the school at 3pm", ["asian"]],
    ["Man in a hoodie outside the Co-op", ["hoodie"]],
    ["A group of travellers at the park again", ["travellers"]],
    [
      "Scruffy looking bloke in a tracksuit by the garages",
      ["tracksuit", "scruffy"],
    ],
    ["Dark-skinned guy on the corner", ["dark skinned"]],
  ];
  it.each(trips)("%s → %j", (text, words) => {
    expect(appearanceOnlyWords(text, DEFAULTS)).toEqual(words);
  });

  const mustNotTrip: [string, string][] = [
    [
      "A man in a hoodie was trying car door handles on Elm Road at 2am",
      "behaviour given",
    ],
    [
      "Black lad climbed over the fence at number 4's and ran off",
      "behaviour given",
    ],
    ["Someone took a parcel from my step", "no appearance word"],
    ["White van parked on the verge all week", "no person"],
    ["Lost a black cat near the park", "no person"],
    ["Does anyone know when the bins go out?", "nothing"],
  ];
  it.each(mustNotTrip)("%s → nothing (%s)", (text) => {
    expect(appearanceOnlyWords(text, DEFAULTS)).toEqual([]);
  });
});

describe("appearanceOnlyWords with a group's own lists", () => {
  it("uses only the words it is given", () => {
    const own = { appearanceWords: ["beard"], behaviourWords: ["waving"] };
    expect(appearanceOnlyWords("A man with a beard", own)).toEqual(["beard"]);
    expect(appearanceOnlyWords("A man with a beard, waving", own)).toEqual([]);
    // Control: the default lists know neither word.
    expect(appearanceOnlyWords("A man with a beard", DEFAULTS)).toEqual([]);
  });
});

describe("isObservationPost", () => {
  const cases: [string[], boolean][] = [
    [["Sightings"], true],
    [["news", "Suspicious activity"], true],
    [["suspicious-activity"], true],
    [["Lost and found"], false],
    [[], false],
  ];
  it.each(cases)("%j → %s", (tags, expected) => {
    expect(isObservationPost(tags, DEFAULT_OBSERVATION_TAGS)).toBe(expected);
  });
});

describe("the appearance-only rule in decide", () => {
  const input = (body: string, tagNames: string[]) => ({
    posterClass: "member" as const,
    body,
    post: { commentsMode: "open" as const, date: "2026-12-01", tagNames },
    recentComments: [],
    approvedCount: 0,
    heldCount: 0,
  });
  const now = new Date("2026-12-03T06:00:00Z");
  const settings = { ...DEFAULT_POLICY, member: "publish" as const };

  it("holds an appearance-only description on a sightings post, saying why", () => {
    const decision = decide(
      input("Two black lads hanging about", ["Sightings"]),
      settings,
      now,
    );
    expect(decision).toEqual({
      outcome: "hold",
      reasons: [
        {
          code: "appearance-only",
          message:
            "it describes what someone looks like but not what they did: say what they did, where and when",
          detail: "black",
        },
      ],
    });
  });

  const published: [string, string, string[]][] = [
    ["the same text on an untagged post", "Two black lads hanging about", []],
    [
      "a description with behaviour",
      "Two black lads trying car doors",
      ["Sightings"],
    ],
    [
      "a post tagged otherwise",
      "Two black lads hanging about",
      ["Lost and found"],
    ],
  ];
  it.each(published)("publishes %s", (_, body, tags) => {
    expect(decide(input(body, tags), settings, now).outcome).toBe("publish");
  });

  it("does not hold verified residents", () => {
    expect(
      decide(
        {
          ...input("Two black lads hanging about", ["Sightings"]),
          posterClass: "verified",
        },
        settings,
        now,
      ).outcome,
    ).toBe("publish");
  });
});

describe("the describe-behaviour settings on the desk's settings form", () => {
  it("keep the defaults through the form and take a group's own words, one a line", () => {
    const form = policyToForm(DEFAULT_POLICY);
    expect(parsePolicyForm(form)).toEqual({
      ok: true,
      settings: DEFAULT_POLICY,
    });
    const edited = parsePolicyForm({
      ...form,
      observationTags: "Sightings\nCars",
      appearanceWords: "beard\n  tattoo  ",
      behaviourWords: "waving",
    });
    expect(edited).toMatchObject({
      ok: true,
      settings: {
        observationTags: ["Sightings", "Cars"],
        appearanceWords: ["beard", "tattoo"],
        behaviourWords: ["waving"],
      },
    });
  });
});
