import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { renderToBuffer } from "~/server/render-to-buffer.server";

function Breaks(): never {
  throw new Error("broken component");
}

describe("renderToBuffer", () => {
  beforeEach(() =>
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }),
  );
  afterEach(() => vi.useRealTimers());

  it("renders the whole tree and leaves no timer holding the finished render", async () => {
    const onError = vi.fn();
    const body = await renderToBuffer(<p>Hello, Vale</p>, {
      deadlineMs: 6_000,
      onError,
    });
    expect(body.toString("utf8")).toBe("<p>Hello, Vale</p>");
    expect(vi.getTimerCount()).toBe(0);
    expect(onError).not.toHaveBeenCalled();
  });

  it("rejects when the page itself cannot render, and clears its timer", async () => {
    await expect(
      renderToBuffer(<Breaks />, { deadlineMs: 6_000, onError: () => {} }),
    ).rejects.toThrow("broken component");
    expect(vi.getTimerCount()).toBe(0);
  });
});
