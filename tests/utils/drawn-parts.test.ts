// Markup kept by what it was drawn from (decision 078): drawn once per source, let go least
// recently used first when its budget is spent, and never kept with a budget of 0.
import { describe, expect, it, vi } from "vitest";
import { DrawnParts } from "~/server/drawn-parts.server";

/** A part's markup of `length` characters, counting how often it is drawn. */
function drawing(length: number, letter = "x") {
  return vi.fn(() => letter.repeat(length));
}

describe("DrawnParts", () => {
  it("draws a part once and answers the same markup for the same source", () => {
    const parts = new DrawnParts(1000);
    const draw = drawing(10);
    expect(parts.draw("source a", draw)).toBe("x".repeat(10));
    expect(parts.draw("source a", draw)).toBe("x".repeat(10));
    expect(draw).toHaveBeenCalledTimes(1);
    // The control: another source is drawn.
    const other = drawing(10, "y");
    expect(parts.draw("source b", other)).toBe("y".repeat(10));
    expect(other).toHaveBeenCalledTimes(1);
  });

  it("lets go of the least recently used parts once the budget is spent", () => {
    const parts = new DrawnParts(90);
    parts.draw("a", drawing(20));
    parts.draw("b", drawing(20));
    parts.draw("c", drawing(20));
    parts.draw("a", drawing(20)); // used again: now the most recent
    parts.draw("d", drawing(20));
    parts.draw("e", drawing(20)); // 100 characters: "b", the least recent, goes
    expect(parts.size).toEqual({ parts: 4, chars: 80 });
    const b = drawing(20);
    const a = drawing(20);
    parts.draw("b", b);
    parts.draw("a", a);
    expect(b).toHaveBeenCalledTimes(1);
    expect(a).toHaveBeenCalledTimes(0);
  });

  it("keeps no part larger than a quarter of its budget, and draws it every time", () => {
    const parts = new DrawnParts(100);
    const large = drawing(26);
    parts.draw("large", large);
    parts.draw("large", large);
    expect(large).toHaveBeenCalledTimes(2);
    expect(parts.size).toEqual({ parts: 0, chars: 0 });
    const small = drawing(25);
    parts.draw("small", small);
    parts.draw("small", small);
    expect(small).toHaveBeenCalledTimes(1);
  });

  it("keeps nothing with a budget of 0", () => {
    const parts = new DrawnParts(0);
    const draw = drawing(1);
    parts.draw("a", draw);
    parts.draw("a", draw);
    expect(draw).toHaveBeenCalledTimes(2);
    expect(parts.size).toEqual({ parts: 0, chars: 0 });
  });
});
