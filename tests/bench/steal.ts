import { readFileSync } from "node:fs";

/**
 * What the host of a virtual machine takes from its cores: the "steal" time Linux counts per
 * core in /proc/stat, time a core was meant to run and the host ran something else. On a shared
 * machine it is why the same code measures differently from hour to hour.
 */

/** One core's steal and all of its time so far, in clock ticks. */
export type CoreTime = { steal: number; total: number };

/** Each core's times from the text of /proc/stat, by core number (empty where there is none). */
export function coreTimes(procStat: string): Map<number, CoreTime> {
  const cores = new Map<number, CoreTime>();
  for (const line of procStat.split("\n")) {
    const match = /^cpu(\d+)\s+(.*)$/.exec(line);
    if (!match) continue;
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const ticks = match[2]!.trim().split(/\s+/).map(Number).slice(0, 8);
    cores.set(Number(match[1]), {
      steal: ticks[7] ?? 0,
      total: ticks.reduce((sum, value) => sum + value, 0),
    });
  }
  return cores;
}

/** The machine's cores' times now; empty where /proc/stat cannot be read (not Linux). */
export function readCoreTimes(): Map<number, CoreTime> {
  try {
    return coreTimes(readFileSync("/proc/stat", "utf8"));
  } catch {
    return new Map();
  }
}

/**
 * Adds to `spent` the steal and time the given cores (all of them for null) spent between two
 * readings: summed over several intervals, `stealShare` then says what share the host took.
 */
export function addCoreTimeBetween(
  spent: CoreTime,
  before: Map<number, CoreTime>,
  after: Map<number, CoreTime>,
  cores: number[] | null,
): CoreTime {
  for (const core of cores ?? [...after.keys()]) {
    const start = before.get(core);
    const end = after.get(core);
    if (!start || !end) continue;
    spent.steal += end.steal - start.steal;
    spent.total += end.total - start.total;
  }
  return spent;
}

/** The share of the cores' time the host took, or null when no time was counted. */
export function stealShare(spent: CoreTime): number | null {
  return spent.total > 0 ? spent.steal / spent.total : null;
}
