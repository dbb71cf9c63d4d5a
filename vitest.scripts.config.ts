import { defineConfig } from "vitest/config";

// Runs that take minutes or write files, kept out of `npm test`: `npm run bench:quick` and
// `npm run screenshots` (both on the built server).
export default defineConfig({
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname },
  },
  test: {
    setupFiles: ["tests/helpers/fail-on-console-error.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    projects: [
      {
        extends: true,
        test: { name: "bench", include: ["tests/bench/**/*.test.ts"] },
      },
      {
        extends: true,
        test: {
          name: "screenshots",
          include: ["tests/screenshots/**/*.test.ts"],
        },
      },
    ],
  },
});
