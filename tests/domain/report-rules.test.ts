import { describe, expect, it } from "vitest";
import {
  decideReport,
  REPORT_LIMIT,
  REPORT_WINDOW_MS,
  reporterNetwork,
  sameReporter,
  type Reporter,
} from "~/domain/report-rules";
import type { PosterClass } from "~/domain/moderation-policy";

// Every test passes `now`: the rules never read the clock.
const NOW = new Date("2025-06-01T12:00:00.000Z");
const minutesAgo = (minutes: number) =>
  new Date(NOW.getTime() - minutes * 60_000);

const reporter = (keys: Partial<Reporter> = {}): Reporter => ({
  userId: null,
  guestKey: null,
  addressKey: null,
  ...keys,
});

describe("who is the same reporter", () => {
  it.each<[string, Partial<Reporter>, Partial<Reporter>, boolean]>([
    [
      "one account, two browsers",
      { userId: 1, guestKey: "a" },
      { userId: 1, guestKey: "b" },
      true,
    ],
    [
      "a changed cookie, the same address",
      { guestKey: "a", addressKey: "x" },
      { guestKey: "b", addressKey: "x" },
      true,
    ],
    [
      "a cookie-less client, twice",
      { guestKey: "new1", addressKey: "x" },
      { guestKey: "new2", addressKey: "x" },
      true,
    ],
    [
      "one browser from two addresses",
      { guestKey: "a", addressKey: "x" },
      { guestKey: "a", addressKey: "y" },
      true,
    ],
    [
      "a second account on the same connection",
      { userId: 1, addressKey: "x" },
      { userId: 2, addressKey: "x" },
      true,
    ],
    [
      "two people apart",
      { userId: 1, guestKey: "a", addressKey: "x" },
      { userId: 2, guestKey: "b", addressKey: "y" },
      false,
    ],
    [
      "two guests apart",
      { guestKey: "a", addressKey: "x" },
      { guestKey: "b", addressKey: "y" },
      false,
    ],
    ["old reports without keys", { guestKey: "a" }, { guestKey: "b" }, false],
    ["missing keys never match", {}, {}, false],
  ])("%s", (_case, a, b, same) => {
    expect(sameReporter(reporter(a), reporter(b))).toBe(same);
    expect(sameReporter(reporter(b), reporter(a))).toBe(same);
  });
});

describe("what a report does", () => {
  const open = (keys: Partial<Reporter>) => ({ ...reporter(keys), open: true });
  const dismissed = (keys: Partial<Reporter>) => ({
    ...reporter(keys),
    open: false,
  });
  const someone = reporter({ guestKey: "me", addressKey: "my-address" });
  const two = [
    open({ guestKey: "a", addressKey: "x" }),
    open({ guestKey: "b", addressKey: "y" }),
  ];
  const run = (
    earlier: ReturnType<typeof open>[],
    posterClass: PosterClass = "named",
    recentByReporter: Date[] = [],
    who: Reporter = someone,
  ) =>
    decideReport(
      { reporter: who, posterClass, earlier, recentByReporter },
      3,
      NOW,
    );

  it.each<[string, ReturnType<typeof open>[], PosterClass, object]>([
    [
      "the first report",
      [],
      "named",
      { outcome: "recorded", reporters: 1, effect: "none" },
    ],
    [
      "the third distinct reporter",
      two,
      "anonymous",
      { outcome: "recorded", reporters: 3, effect: "hold" },
    ],
    ["the third on a member's comment", two, "member", { effect: "hold" }],
    [
      "the third on a verified resident's comment",
      two,
      "verified",
      { outcome: "recorded", reporters: 3, effect: "alert" },
    ],
    ["the third on staff's comment", two, "staff", { effect: "alert" }],
    [
      "a fourth on a trusted poster's comment: already alerted",
      [...two, open({ guestKey: "c", addressKey: "z" })],
      "staff",
      { reporters: 4, effect: "none" },
    ],
    [
      "dismissed reports do not count",
      [dismissed({ guestKey: "a", addressKey: "x" }), ...two.slice(1)],
      "named",
      { reporters: 2, effect: "none" },
    ],
    [
      "a reporter whose report was dismissed has had their say",
      [dismissed({ guestKey: "c", addressKey: "my-address" })],
      "named",
      { outcome: "already-reported" },
    ],
    [
      "the same address with a new cookie",
      [open({ guestKey: "old-cookie", addressKey: "my-address" })],
      "named",
      { outcome: "already-reported" },
    ],
  ])("%s", (_case, earlier, posterClass, expected) => {
    expect(run(earlier, posterClass)).toMatchObject(expected);
  });

  it("takes three reports from one cookie-less client as one reporter, and three people as three", () => {
    const cookieLess = (n: number) =>
      reporter({ guestKey: `fresh-${n}`, addressKey: "one-client" });
    const earlier: ReturnType<typeof open>[] = [];
    for (const n of [1, 2, 3]) {
      const decision = run(earlier, "staff", [], cookieLess(n));
      if (decision.outcome === "recorded")
        earlier.push({ ...cookieLess(n), open: true });
    }
    expect(earlier).toHaveLength(1);
    // Control: three distinct people reach the threshold.
    const people = [1, 2, 3].map((n) =>
      reporter({ guestKey: `g${n}`, addressKey: `a${n}` }),
    );
    const decisions = people.map((person, index) =>
      run(
        people
          .slice(0, index)
          .map((earlierPerson) => ({ ...earlierPerson, open: true })),
        "named",
        [],
        person,
      ),
    );
    expect(decisions.at(-1)).toMatchObject({ reporters: 3, effect: "hold" });
  });

  it(`refuses the ${REPORT_LIMIT + 1}th report within the hour, saying when to try again`, () => {
    const recent = Array.from({ length: REPORT_LIMIT }, (_, index) =>
      minutesAgo(50 - index),
    );
    const decision = run([], "named", recent);
    // The oldest of the ten, 50 minutes ago, leaves the window in 10 minutes.
    expect(decision).toEqual({
      outcome: "rate-limited",
      retryAfterSeconds: 600,
      message:
        "You have sent 10 reports in the last hour: please try again in 10 minutes. Your report was not sent yet.",
    });
    // Controls: one fewer, or the oldest out of the window.
    expect(run([], "named", recent.slice(1)).outcome).toBe("recorded");
    expect(
      run([], "named", [
        new Date(NOW.getTime() - REPORT_WINDOW_MS),
        ...recent.slice(1),
      ]).outcome,
    ).toBe("recorded");
  });

  it("rounds the wait up to whole minutes", () => {
    const recent = Array.from({ length: REPORT_LIMIT }, () => minutesAgo(59.5));
    expect(run([], "named", recent)).toMatchObject({
      retryAfterSeconds: 30,
      message: expect.stringContaining("please try again in 1 minute."),
    });
  });
});

describe("the network a reporter is known by", () => {
  // One IPv6 customer holds a /64 or more and may pick any address in it: the /64 is one reporter.
  it.each([
    ["198.51.100.7", "198.51.100.7"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"],
    ["2001:db8:1:2::1", "2001:db8:1:2::/64"],
    ["2001:DB8:0001:0002:0:0:0:9", "2001:db8:1:2::/64"],
    ["2001:db8::1", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["", ""],
  ])("%s → %s", (address, network) => {
    expect(reporterNetwork(address)).toBe(network);
  });

  it("tells apart addresses of different /64 networks", () => {
    expect(reporterNetwork("2001:db8:1:2::1")).not.toBe(
      reporterNetwork("2001:db8:1:3::1"),
    );
  });
});
