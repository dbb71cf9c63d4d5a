import { describe, expect, it } from "vitest";
import { nextAttempt } from "~/domain/mail-schedule";

const queuedAt = new Date("2026-05-01T10:00:00Z");
const minutes = (n: number) => new Date(queuedAt.getTime() + n * 60_000);
const DAY_MS = 24 * 60 * 60_000;

describe("when a failed message is tried again", () => {
  it.each([
    // attempts so far, now (minutes after queueing), next attempt (minutes after queueing)
    [1, 0, 1],
    [2, 1, 3],
    [3, 3, 7],
    [4, 7, 15],
    [6, 31, 63],
    // The wait stops doubling at an hour.
    [7, 63, 123],
    [30, 600, 660],
  ])(
    "after attempt %i at +%i min: again at +%i min",
    (attempts, now, expected) => {
      expect(
        nextAttempt({
          attempts,
          queuedAt,
          now: minutes(now),
          giveUpAfterMs: DAY_MS,
          permanent: false,
        }),
      ).toEqual({ kind: "retry", at: minutes(expected) });
    },
  );

  it("gives up when the next attempt would fall after the give-up time", () => {
    const lastChance = {
      attempts: 30,
      queuedAt,
      giveUpAfterMs: DAY_MS,
      permanent: false,
    };
    expect(nextAttempt({ ...lastChance, now: minutes(24 * 60 - 60) })).toEqual({
      kind: "retry",
      at: minutes(24 * 60),
    });
    expect(nextAttempt({ ...lastChance, now: minutes(24 * 60 - 59) })).toEqual({
      kind: "give-up",
      reason: "too-old",
    });
  });

  it("does not retry a permanent refusal, however young the message", () => {
    expect(
      nextAttempt({
        attempts: 1,
        queuedAt,
        now: queuedAt,
        giveUpAfterMs: DAY_MS,
        permanent: true,
      }),
    ).toEqual({ kind: "give-up", reason: "permanent" });
  });
});
