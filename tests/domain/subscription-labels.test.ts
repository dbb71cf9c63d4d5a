import { describe, expect, it } from "vitest";
import {
  subscriptionLabel,
  type SubscriptionKind,
  type SubscriptionTarget,
} from "~/domain/subscription-labels";

describe("how the subscriptions page names what an address follows", () => {
  it.each<[SubscriptionKind, SubscriptionTarget, string, string | null]>([
    [
      "comment-outcome",
      { name: "Sheds", slug: "sheds" },
      "What happens to your comment on “Sheds”",
      "/posts/sheds",
    ],
    [
      "replies",
      { name: "Sheds", slug: "sheds" },
      "Replies to your comment on “Sheds”",
      "/posts/sheds",
    ],
    [
      "discussion",
      { name: "Bikes", slug: "bikes" },
      "New comments on “Bikes”",
      "/posts/bikes",
    ],
    [
      "area",
      { name: "North Ward", slug: "north-ward" },
      "New posts in North Ward",
      "/areas/north-ward",
    ],
    [
      "tag",
      { name: "scams", slug: "scams" },
      "New posts tagged “scams”",
      "/tags/scams",
    ],
    // What it pointed at is gone or hidden: still listed, so it can be stopped, without a link.
    ["comment-outcome", null, "What happens to a comment of yours", null],
    ["discussion", null, "New comments on a post no longer shown", null],
    ["area", null, "New posts in an area no longer used", null],
    ["tag", null, "New posts with a tag no longer used", null],
  ])("%s of %j", (kind, target, text, href) => {
    expect(subscriptionLabel(kind, target)).toEqual({ text, href });
  });
});
