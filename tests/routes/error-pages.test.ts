import { UNSAFE_ErrorResponseImpl as ErrorResponse } from "@remix-run/router";
import type { MetaArgs, MetaDescriptor } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { DEFAULT_SITE_SETTINGS } from "~/domain/site-defaults";
import { loader, meta } from "~/root";

const site = { ...DEFAULT_SITE_SETTINGS, name: "Vale Watch" };

/** The head tags the root gives when its error boundary shows `error`. */
function headFor(error: unknown): MetaDescriptor[] {
  const matches = [
    {
      id: "root",
      pathname: "/",
      data: { site, siteUrl: "http://localhost:3000" },
      params: {},
      meta: [],
      handle: undefined,
      error,
    },
  ];
  return meta({
    error,
    matches,
    data: matches[0]!.data,
    params: {},
    location: { pathname: "/x", search: "", hash: "", state: null, key: "k" },
  } as unknown as MetaArgs<typeof loader>) as MetaDescriptor[];
}

const titleOf = (tags: MetaDescriptor[]) => {
  const tag = tags.find((descriptor) => "title" in descriptor);
  return tag && "title" in tag ? tag.title : undefined;
};

describe("error pages' titles", () => {
  it.each([
    [
      new ErrorResponse(404, "Not Found", "There is nothing at this address."),
      "Page not found — Vale Watch",
    ],
    [
      new ErrorResponse(403, "Forbidden", "Moderators only."),
      "Not allowed — Vale Watch",
    ],
    [
      new ErrorResponse(400, "Bad Request", "This form could not be read."),
      "This request could not be handled — Vale Watch",
    ],
    [new Error("boom"), "Something went wrong — Vale Watch"],
  ])("names the page as its heading does (%#)", (error, title) => {
    expect(titleOf(headFor(error))).toBe(title);
  });

  it("leaves pages that did not fail to their own title", () => {
    expect(titleOf(headFor(undefined))).toBeUndefined();
  });
});
