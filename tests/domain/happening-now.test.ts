import { describe, expect, it } from "vitest";
import {
  DEFAULT_NOW_PHRASES,
  happeningNowPhrases,
} from "~/domain/happening-now";

describe("happeningNowPhrases with the default phrases", () => {
  const trips: [string, string][] = [
    ["Someone is breaking into the house opposite", "breaking into"],
    ["There's a man trying car doors on Elm Road", "trying car doors"],
    ["Police helicopter overhead RIGHT NOW", "right now"],
    [
      "Two lads trying door handles, it's happening now!",
      "trying door handles",
    ],
    ["Someone is in my shed", "someone is in my"],
  ];
  it.each(trips)("%s → %s", (text, phrase) => {
    expect(happeningNowPhrases(text, DEFAULT_NOW_PHRASES)).toContain(phrase);
  });

  const calm: string[] = [
    "Our car was broken into last night",
    "It was right by the shop, now boarded up",
    "A break-in was reported last week on Mill Lane",
    "Now is a good time to check your locks",
    "Does anyone know when the bins go out?",
  ];
  it.each(calm)("%s → nothing", (text) => {
    expect(happeningNowPhrases(text, DEFAULT_NOW_PHRASES)).toEqual([]);
  });
});

describe("happeningNowPhrases with a group's own list", () => {
  it("uses only the phrases it is given", () => {
    expect(happeningNowPhrases("they are here now", ["here now"])).toEqual([
      "here now",
    ]);
    // Control: the default list does not contain that phrase.
    expect(
      happeningNowPhrases("they are here now", DEFAULT_NOW_PHRASES),
    ).toEqual([]);
    expect(happeningNowPhrases("someone is breaking into a car", [])).toEqual(
      [],
    );
  });
});
