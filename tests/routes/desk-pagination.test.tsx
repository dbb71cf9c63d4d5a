import { describe, expect, it } from "vitest";
import type { DeskComment } from "~/features/moderation/moderation.server";
import Queue from "~/routes/moderation._index";
import Log from "~/routes/moderation.log";
import { renderRoute } from "../helpers/render";

const heldComment: DeskComment = {
  id: 7,
  number: null,
  state: "pending",
  posterClass: "anonymous",
  authorName: null,
  bodyHtml: "<p>Is the lane lit yet?</p>",
  reasons: [],
  createdAt: new Date("2026-01-10T09:00:00Z"),
  post: { id: 1, slug: "street-lights", title: "Street lights" },
  parent: null,
  userId: null,
  hasEmail: false,
  openReports: 0,
};

/** The texts of the page links of a list's second page of three. */
function pageLinks(html: string): { prev?: string; next?: string } {
  const link = (rel: string) =>
    new RegExp(`<a[^>]*rel="${rel}"[^>]*>([^<]*)</a>`).exec(html)?.[1];
  return { prev: link("prev"), next: link("next") };
}

const middlePage = { page: 2, pageCount: 3, total: 120 };

describe("the desk's page links follow each list's order", () => {
  it("calls the queue's next page newer: held comments come oldest first", async () => {
    const html = await renderRoute(Queue, "/moderation?page=2", {
      filter: { state: "pending", posterClass: null, postId: null },
      items: [heldComment],
      post: null,
      earlierVersions: {},
      braked: [],
      ...middlePage,
    });
    expect(pageLinks(html)).toEqual({
      prev: "← Older comments",
      next: "Newer comments →",
    });
  });

  it("calls the next page of removed comments older: they come newest first", async () => {
    const html = await renderRoute(Queue, "/moderation?state=removed&page=2", {
      filter: { state: "removed", posterClass: null, postId: null },
      items: [{ ...heldComment, state: "removed" }],
      post: null,
      earlierVersions: {},
      braked: [],
      ...middlePage,
    });
    expect(pageLinks(html)).toEqual({
      prev: "← Newer comments",
      next: "Older comments →",
    });
  });

  it("calls the log's next page older entries: the newest decision comes first", async () => {
    const html = await renderRoute(Log, "/moderation/log?page=2", {
      filter: { action: null, actor: null },
      rows: [],
      actors: [],
      ...middlePage,
    });
    expect(pageLinks(html)).toEqual({
      prev: "← Newer entries",
      next: "Older entries →",
    });
  });
});
