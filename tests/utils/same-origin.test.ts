// Which origins may send a form: the configured SITE_URL, never whatever Host the request named.
import { describe, expect, it } from "vitest";
import {
  isAllowedOrigin,
  isOneClickUnsubscribe,
  originMatchesHost,
  ownOrigins,
} from "~/server/same-origin.server";

const SITE = "https://lookout.example.org";

const postFrom = (
  origin: string,
  requestOrigin: string,
  development: boolean,
) =>
  isAllowedOrigin(
    "POST",
    (name) => (name === "origin" ? origin : null),
    ownOrigins(SITE, requestOrigin, development),
  );

describe("a form's origin", () => {
  it.each<[string, string, string, boolean, boolean]>([
    ["the site itself", SITE, SITE, false, true],
    [
      "the site, reached by its address",
      SITE,
      "http://10.0.0.5:3000",
      false,
      true,
    ],
    [
      "a rebinding domain naming itself as Host",
      "http://evil.example:3000",
      "http://evil.example:3000",
      false,
      false,
    ],
    [
      "a rebinding domain in development",
      "http://evil.example:3000",
      "http://evil.example:3000",
      true,
      false,
    ],
    [
      "loopback in production",
      "http://127.0.0.1:3000",
      "http://127.0.0.1:3000",
      false,
      false,
    ],
    [
      "localhost in development",
      "http://localhost:5173",
      "http://localhost:5173",
      true,
      true,
    ],
    [
      "127.0.0.1 in development",
      "http://127.0.0.1:3000",
      "http://127.0.0.1:3000",
      true,
      true,
    ],
    [
      "[::1] in development",
      "http://[::1]:3000",
      "http://[::1]:3000",
      true,
      true,
    ],
    [
      "another loopback port than the one opened",
      "http://localhost:9999",
      "http://localhost:3000",
      true,
      false,
    ],
    [
      "the site over plain HTTP",
      "http://lookout.example.org",
      SITE,
      false,
      false,
    ],
    [
      "a look-alike subdomain",
      "https://lookout.example.org.evil.example",
      SITE,
      false,
      false,
    ],
    ["null", "null", SITE, false, false],
  ])("%s", (_case, origin, requestOrigin, development, allowed) => {
    expect(postFrom(origin, requestOrigin, development)).toBe(allowed);
  });
});

// The default install: SITE_URL is http://localhost:3000 and the server says it listens on
// http://127.0.0.1:3000, so a newcomer opens either, in production mode (npm start).
describe("a form's origin when SITE_URL is a loopback address", () => {
  const LOCAL_SITE = "http://localhost:3000";
  it.each<[string, string, string, boolean]>([
    ["the site as configured", LOCAL_SITE, LOCAL_SITE, true],
    [
      "127.0.0.1, as the start line names it",
      "http://127.0.0.1:3000",
      "http://127.0.0.1:3000",
      true,
    ],
    ["[::1]", "http://[::1]:3000", "http://[::1]:3000", true],
    [
      "a page on another loopback port",
      "http://localhost:9999",
      "http://127.0.0.1:3000",
      false,
    ],
    [
      "a rebinding domain naming itself as Host",
      "http://evil.example:3000",
      "http://evil.example:3000",
      false,
    ],
  ])("%s", (_case, origin, requestOrigin, allowed) => {
    expect(
      isAllowedOrigin(
        "POST",
        (name) => (name === "origin" ? origin : null),
        ownOrigins(LOCAL_SITE, requestOrigin, false),
      ),
    ).toBe(allowed);
  });
});

describe("a form's Origin against the host it was sent to", () => {
  it.each<[string, string, Record<string, string>, boolean]>([
    [
      "the same host",
      "POST",
      { origin: SITE, host: "lookout.example.org" },
      true,
    ],
    ["another host", "POST", { origin: SITE, host: "127.0.0.1:3000" }, false],
    [
      "a proxy's forwarded host",
      "POST",
      {
        origin: SITE,
        host: "127.0.0.1:3000",
        "x-forwarded-host": "lookout.example.org",
      },
      true,
    ],
    ["no Host at all", "POST", { origin: SITE }, false],
    ["an Origin that is no URL", "POST", { origin: "null", host: "x" }, false],
    ["no Origin (decided by isAllowedOrigin)", "POST", { host: "x" }, true],
    ["a GET", "GET", { origin: SITE, host: "127.0.0.1:3000" }, true],
  ])("%s", (_case, method, headers, allowed) => {
    expect(originMatchesHost(method, (name) => headers[name])).toBe(allowed);
  });
});

describe("the one exception: a mail client's one-click unsubscribe", () => {
  // The shape of a signed link: scope, address key, signature (32 base64url characters each).
  const key = "k".repeat(31) + "_";
  const sig = "S".repeat(31) + "-";
  it.each<[string, string, boolean]>([
    ["POST", `/unsubscribe/12.${key}.${sig}`, true],
    ["post", `/unsubscribe/all.${key}.${sig}`, true],
    // The page's scripted form posts to its .data address, checked as every other form.
    ["POST", `/unsubscribe/12.${key}.${sig}.data`, false],
    ["POST", `/unsubscribe/12.${key}`, false],
    ["POST", "/unsubscribe/", false],
    ["POST", `/unsubscribe/12.${key}.${sig}/more`, false],
    ["POST", `/subscriptions/all.${key}.${sig}`, false],
    ["POST", "/moderation/comments", false],
    // A GET is safe anyway: the exception is about POSTs only.
    ["GET", `/unsubscribe/12.${key}.${sig}`, false],
  ])("%s %s", (method, path, exempt) => {
    expect(isOneClickUnsubscribe(method, path)).toBe(exempt);
  });
});
