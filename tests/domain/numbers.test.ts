import { afterEach, describe, expect, it, vi } from "vitest";
import { groupedDigits } from "~/domain/numbers";
import { counterText } from "~/domain/character-count";

describe("a count written for a reader", () => {
  it.each<[number, string]>([
    [0, "0"],
    [7, "7"],
    [999, "999"],
    [1_000, "1,000"],
    [20_000, "20,000"],
    [100_000, "100,000"],
    [1_234_567, "1,234,567"],
    [-1_500, "-1,500"],
  ])("%d as %s", (value, text) => {
    expect(groupedDigits(value)).toBe(text);
  });

  it("reads as British English writes it, for every size of count", () => {
    for (let digits = 1; digits <= 15; digits += 1) {
      const value = Number("9".repeat(digits)) - 1;
      expect(groupedDigits(value)).toBe(value.toLocaleString("en-GB"));
    }
  });
});

// The first Intl formatter a page makes costs the browser about 25 ms while its locale data
// loads, and a comment form's counter is drawn as the page hydrates: it writes its figures
// without Intl, so reading a discussion does not pay for it.
describe("the character counter", () => {
  afterEach(() => vi.restoreAllMocks());

  it("writes its figures without Intl", () => {
    const toLocale = vi.spyOn(Number.prototype, "toLocaleString");
    const numberFormat = vi.spyOn(Intl, "NumberFormat");
    expect(counterText(1_200, 5_000)).toBe("1,200 of 5,000 characters");
    expect(toLocale).not.toHaveBeenCalled();
    expect(numberFormat).not.toHaveBeenCalled();
  });

  it("(the spies see a figure written with Intl)", () => {
    const toLocale = vi.spyOn(Number.prototype, "toLocaleString");
    (5_000).toLocaleString("en-GB");
    expect(toLocale).toHaveBeenCalledOnce();
  });
});
