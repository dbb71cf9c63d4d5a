// The servers a target compares are measured side by side: each warmed up, then their rounds
// taken in turn, so that a slow minute on a shared machine falls on all of them alike, and each
// server's figures come from its own rounds only.
import { describe, expect, it } from "vitest";
import {
  measureSideBySide,
  type LoadSettings,
  type RoundRunner,
} from "../bench/load";
import type { WrkResult } from "../bench/wrk";

const settings: LoadSettings = {
  connections: 16,
  durationSeconds: 10,
  warmupSeconds: 2,
};
const where = {
  serverCores: null,
  generatorCores: null,
  generatorCoreCount: 1,
};

/**
 * Stands in for wrk: notes each run, and answers with a p99 that is the run's place in the
 * sequence, and a rate that is a tenth of that, so every round can be told apart.
 */
function recordingRunner(): { runs: string[]; runRound: RoundRunner } {
  const runs: string[] = [];
  return {
    runs,
    runRound: async (baseUrl, _load, { seconds }) => {
      runs.push(`${baseUrl} ${seconds} s`);
      const place = runs.length;
      const result: WrkResult = {
        requests: place * seconds * 100,
        durationSeconds: seconds,
        bytes: place * seconds * 100 * 1_000,
        errors: 0,
        latencyP50Ms: place / 2,
        latencyP99Ms: place,
        generatorCores: 0.5,
      };
      return result;
    },
  };
}

const target = (baseUrl: string) => ({
  baseUrl,
  load: () => ({ paths: ["/"] }),
});

describe("measuring servers side by side", () => {
  it("warms each server up, then takes their rounds in turn", async () => {
    const { runs, runRound } = recordingRunner();
    await measureSideBySide(
      [target("app"), target("nginx"), target("node")],
      settings,
      { where, rounds: 3 },
      runRound,
    );
    expect(runs).toEqual([
      "app 2 s",
      "nginx 2 s",
      "node 2 s",
      ...Array.from({ length: 3 }, () => [
        "app 10 s",
        "nginx 10 s",
        "node 10 s",
      ]).flat(),
    ]);
  });

  it("gives each server the figures of its own rounds only", async () => {
    const { runRound } = recordingRunner();
    const [app, nginx] = await measureSideBySide(
      [target("app"), target("nginx")],
      settings,
      { where, rounds: 3 },
      runRound,
    );
    // Runs 1 and 2 are the warm-ups; the app's rounds are runs 3, 5 and 7, nginx's 4, 6 and 8.
    expect(app!.latencyP99RoundsMs).toEqual([3, 5, 7]);
    expect(app!.latencyP99Ms).toBe(5);
    expect(app!.requestsPerSecond).toBe(((3 + 5 + 7) * 100) / 3);
    expect(nginx!.latencyP99RoundsMs).toEqual([4, 6, 8]);
    expect(nginx!.latencyP99Ms).toBe(6);
    expect(nginx!.requestsPerSecond).toBe(((4 + 6 + 8) * 100) / 3);
    expect(nginx!.bytesPerResponse).toBe(1_000);
  });

  it("lists the rounds' p99s only when there were several", async () => {
    const once = await measureSideBySide(
      [target("app")],
      settings,
      { where, rounds: 1 },
      recordingRunner().runRound,
    );
    expect(once[0]!.latencyP99RoundsMs).toBeUndefined();
    expect(once[0]!.latencyP99Ms).toBe(2);
    const twice = await measureSideBySide(
      [target("app")],
      settings,
      { where, rounds: 2 },
      recordingRunner().runRound,
    );
    expect(twice[0]!.latencyP99RoundsMs).toEqual([2, 3]);
  });
});
