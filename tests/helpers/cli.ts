import { execFile } from "node:child_process";
import { join } from "node:path";
import { REPO_ROOT } from "./server";

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs a TypeScript entry point of the project (an npm script's target) as npm would. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      join(REPO_ROOT, "node_modules/.bin/tsx"),
      [script, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) => {
        const code =
          error && typeof error.code === "number" ? error.code : error ? -1 : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
