import { describe, expect, it } from "vitest";
import { oldAddressKey } from "~/domain/old-address";

describe("oldAddressKey", () => {
  it.each([
    ["/2016/05/property-marking.html", "/2016/05/property-marking.html"],
    ["/2016/05/property-marking.html?m=1", "/2016/05/property-marking.html"],
    [
      "https://vale.blogspot.com/2016/05/property-marking.html",
      "/2016/05/property-marking.html",
    ],
    ["/?p=123", "/?p=123"],
    ["http://old.example/?p=123&replytocom=4", "/?p=123"],
    ["/?page_id=2", "/?page_id=2"],
    ["/2010/10/17/hello-world/", "/2010/10/17/hello-world"],
    ["/hello-world/", "/hello-world"],
    ["/hello-world", "/hello-world"],
    ["/", null],
    ["https://old.example/", null],
    ["/?p=abc", null],
  ])("keys %s as %s", (address, key) => {
    expect(oldAddressKey(address)).toBe(key);
  });
});
