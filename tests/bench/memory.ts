import { readdirSync, readFileSync } from "node:fs";

/** The parent of each running process, from /proc/<pid>/stat (Linux only). */
function parentsByPid(): Map<number, number> {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields) parents.set(Number(entry), Number(fields[1]));
  }
  return parents;
}

/**
 * The fields of /proc/<pid>/stat after the command name, from the state on (Linux only);
 * undefined when the process has ended.
 */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name is in parentheses and may hold spaces: the fields after it are fixed.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  } catch {
    return undefined;
  }
}

/** A process and all its descendants. */
export function processTree(rootPid: number): number[] {
  const parents = parentsByPid();
  const tree = [rootPid];
  for (let index = 0; index < tree.length; index += 1) {
    for (const [pid, parent] of parents)
      if (parent === tree[index]) tree.push(pid);
  }
  return tree;
}

function rssBytes(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB$/m.exec(
      readFileSync(`/proc/${pid}/status`, "utf8"),
    );
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The system's clock ticks a second, in which /proc counts CPU time (100 on Linux). */
const TICKS_PER_SECOND = 100;

/** Seconds of CPU, user and system, that these processes have used so far, from /proc. */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const fields = statFields(pid);
    // utime and stime, the 14th and 15th fields of the whole line.
    if (fields) ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS_PER_SECOND;
}

export type MemoryPeak = {
  /** The most the server process (and any children) held at once. */
  treeBytes: number;
  /** The most the largest single process held. */
  largestProcessBytes: number;
};

/**
 * Samples the resident memory of a process tree until stopped: the server's process and any
 * children, which is what the machine pays for the server.
 */
export function sampleMemory(
  rootPid: number,
  everyMs = 200,
): { stop(): MemoryPeak } {
  // The tree does not change under load; looking it up once keeps sampling cheap.
  const pids = processTree(rootPid);
  const peak: MemoryPeak = { treeBytes: 0, largestProcessBytes: 0 };
  const sample = () => {
    const sizes = pids.map(rssBytes);
    peak.treeBytes = Math.max(
      peak.treeBytes,
      sizes.reduce((sum, size) => sum + size, 0),
    );
    peak.largestProcessBytes = Math.max(peak.largestProcessBytes, ...sizes);
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return peak;
    },
  };
}
