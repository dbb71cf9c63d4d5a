// A return address (redirectTo) sends a browser somewhere after a form: only ever a path on this
// site. Each trick below is one a browser would follow off the site if it were let through.
import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "~/platform/http.server";

const FALLBACK = "/fallback";

const TRICKS: [string, unknown][] = [
  ["scheme-relative", "//evil.example"],
  ["scheme-relative with a path", "//evil.example/sign-in"],
  ["three slashes", "///evil.example"],
  ["a dot segment before a second slash", "/.//evil.example"],
  ["two dot segments before a second slash", "/..//evil.example"],
  ["a dot segment past the root", "/../..//evil.example"],
  ["dots written as percent-encodings", "/%2e//evil.example"],
  ["double dots written as percent-encodings", "/%2E%2E//evil.example"],
  ["a dot segment after a path", "/posts/..//evil.example"],
  ["a backslash", "/\\evil.example"],
  ["two backslashes", "\\\\evil.example"],
  ["a dot segment and a backslash", "/.\\/evil.example"],
  ["a tab between the slashes", "/\t/evil.example"],
  ["a newline between the slashes", "/\n/evil.example"],
  ["a carriage return between the slashes", "/\r/evil.example"],
  ["a tab and a backslash", "/\t\\evil.example"],
  ["a leading space", " //evil.example"],
  ["a NUL", "/\u0000/evil.example"],
  ["userinfo", "//user@evil.example"],
  ["userinfo with a password", "//user:pass@evil.example/"],
  ["an absolute URL", "https://evil.example/"],
  [
    "an absolute URL naming this site's host as userinfo",
    "http://localhost:3000@evil.example/",
  ],
  ["a scheme without slashes", "https:evil.example"],
  ["javascript:", "javascript:alert(1)"],
  ["JavaScript: in capitals", "JaVaScRiPt:alert(1)"],
  ["javascript: behind a tab", "java\tscript:alert(1)"],
  ["data:", "data:text/html,<script>alert(1)</script>"],
  ["vbscript:", "vbscript:msgbox(1)"],
  ["a relative path", "evil.example"],
  ["an empty string", ""],
  ["a non-string", ["/a", "/b"]],
  ["nothing", undefined],
];

describe("a return address", () => {
  it.each(TRICKS)("is replaced by the fallback: %s", (_trick, value) => {
    expect(safeRedirectPath(value, FALLBACK)).toBe(FALLBACK);
  });

  // Control: the same function follows the paths the site really sends.
  it.each([
    ["/", "/"],
    ["/posts/sheds#comments", "/posts/sheds#comments"],
    ["/moderation?state=removed", "/moderation?state=removed"],
    ["/search?q=%2F%2Fevil.example", "/search?q=%2F%2Fevil.example"],
    ["/posts/a/../sheds", "/posts/sheds"],
    // Percent-encoded by the parser, as a browser does: a path, not a second slash.
    ["/\uff0f/evil.example", "/%EF%BC%8F/evil.example"],
    ["/@evil.example", "/@evil.example"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
  ])("is followed when it is a path on this site: %j", (value, expected) => {
    expect(safeRedirectPath(value, FALLBACK)).toBe(expected);
  });

  it("stays on this site from whichever page the browser resolves it", () => {
    const pages = ["http://localhost:3000/", "http://localhost:3000/a/b/c?d#e"];
    for (const [, value] of TRICKS) {
      const path = safeRedirectPath(value, FALLBACK);
      for (const page of pages)
        expect(new URL(path, page).origin).toBe("http://localhost:3000");
    }
  });
});
