import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type Rollup } from "vite";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * Rollup warnings that are expected and say nothing a person can act on; any other warning is
 * still printed. A resource route (a feed, robots.txt, sign-out: a loader or an action and no
 * component) has no browser code, so its client chunk is empty by design. zod ships comments
 * that Rollup cannot read as purity annotations; it drops them, and the output is unchanged.
 */
export function isExpectedWarning(warning: Rollup.RollupLog): boolean {
  if (warning.code === "EMPTY_BUNDLE") return true;
  return (
    warning.code === "INVALID_ANNOTATION" &&
    /[\\/]node_modules[\\/]zod[\\/]/.test(warning.id ?? "")
  );
}

export default defineConfig(({ command }) => ({
  // `npm start` builds before it serves: the build prints only warnings and errors, so the
  // address it serves and the content sync's summary are what a person reads.
  // `npx remix vite:build --logLevel info` shows the asset table. The dev server keeps its log.
  logLevel: command === "build" ? "warn" : "info",
  build: {
    // The gzip sizes were only ever printed, and computing them slows every start.
    reportCompressedSize: false,
    rollupOptions: {
      onwarn(warning, warn) {
        if (!isExpectedWarning(warning)) warn(warning);
      },
    },
  },
  plugins: [
    remix({
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
      },
    }),
  ],
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname },
  },
  optimizeDeps: { exclude: ["better-sqlite3", "drizzle-orm"] },
  ssr: { external: ["better-sqlite3"] },
}));
