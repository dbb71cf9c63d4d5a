import { defineConfig } from "vitest/config";

// Kept apart from vite.config.ts so unit tests do not load the Remix plugin.
// `npm test` runs the four projects together; `npm run test:<project>` runs one alone. A file
// joins a project by its folder (and, in tests/e2e, by its name), so a new test file in an
// existing folder needs no change here. tests/suite/projects.test.ts checks every test file
// belongs to exactly one project, here or in vitest.scripts.config.ts.
export default defineConfig({
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname },
  },
  test: {
    setupFiles: ["tests/helpers/fail-on-console-error.ts"],
    // One migrated database per run, copied by each file that needs one.
    globalSetup: ["tests/helpers/template-database-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          // Pure rules: no database, no server.
          include: ["tests/domain/**/*.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // In-process: routes, models and the pipeline's parts on a temporary database.
          include: ["tests/**/*.test.{ts,tsx}"],
          exclude: [
            "tests/domain/**",
            "tests/e2e/**",
            "tests/bench/**",
            "tests/screenshots/**",
          ],
        },
      },
      {
        extends: true,
        test: {
          name: "http",
          // The built server over real HTTP, without a browser.
          include: ["tests/e2e/**/*.http.test.{ts,tsx}"],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          // The built server in a real Chromium.
          include: ["tests/e2e/**/*.test.{ts,tsx}"],
          exclude: ["tests/e2e/**/*.http.test.{ts,tsx}"],
        },
      },
    ],
  },
});
