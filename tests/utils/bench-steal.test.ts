// What the host of a virtual machine took from the cores a row ran on: the steal time Linux
// counts per core, read from /proc/stat before and after each measured round.
import { describe, expect, it } from "vitest";
import {
  addCoreTimeBetween,
  coreTimes,
  stealShare,
  type CoreTime,
} from "../bench/steal";

// user nice system idle iowait irq softirq steal guest guest_nice
const before = [
  "cpu  300 0 100 1000 0 0 0 60 0 0",
  "cpu0 100 0 50 500 0 0 0 10 0 0",
  "cpu1 200 0 50 500 0 0 0 50 0 0",
  "intr 12345",
].join("\n");
const after = [
  "cpu  700 0 200 1400 0 0 0 260 0 0",
  "cpu0 300 0 100 520 0 0 0 40 0 0",
  "cpu1 400 0 100 760 0 0 0 220 0 0",
  "intr 23456",
].join("\n");

// One interval's steal and time, added to nothing before it.
const between = (
  start: Map<number, CoreTime>,
  end: Map<number, CoreTime>,
  cores: number[] | null,
) => addCoreTimeBetween({ steal: 0, total: 0 }, start, end, cores);

describe("the host's steal", () => {
  it("reads each core's steal and all of its time, and not the machine's sum line", () => {
    const cores = coreTimes(before);
    expect([...cores.keys()]).toEqual([0, 1]);
    expect(cores.get(0)).toEqual({ steal: 10, total: 660 });
    // Guest time is inside user time already: counted once.
    expect(coreTimes("cpu0 10 0 0 0 0 0 0 0 99 99").get(0)).toEqual({
      steal: 0,
      total: 10,
    });
  });

  it("gives the share of the chosen cores' time the host took between two readings", () => {
    const start = coreTimes(before);
    const end = coreTimes(after);
    // Core 0: 30 stolen of 300; core 1: 170 stolen of 680.
    expect(stealShare(between(start, end, [0]))).toBeCloseTo(0.1);
    expect(stealShare(between(start, end, [1]))).toBeCloseTo(0.25);
    // Unpinned: every core counts.
    expect(stealShare(between(start, end, null))).toBeCloseTo(200 / 980);
  });

  it("adds interval after interval to what was spent before", () => {
    const spent = { steal: 0, total: 0 };
    addCoreTimeBetween(spent, coreTimes(before), coreTimes(after), [0]);
    addCoreTimeBetween(spent, coreTimes(before), coreTimes(after), [1]);
    expect(spent).toEqual({ steal: 200, total: 980 });
  });

  it("says nothing where no time was counted", () => {
    expect(stealShare(between(new Map(), new Map(), [0]))).toBeNull();
    expect(stealShare({ steal: 0, total: 100 })).toBe(0);
  });
});
