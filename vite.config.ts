import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { isNoiseWarning } from "./vite.warnings";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
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
  // `npm start` builds first: it sets LOOKOUT_QUIET_BUILD so the table of assets and the progress
  // lines stay out of its output, and warnings and errors still show.
  logLevel: process.env.LOOKOUT_QUIET_BUILD === "1" ? "warn" : "info",
  build: {
    rollupOptions: {
      onwarn(warning, warn) {
        if (!isNoiseWarning(warning)) warn(warning);
      },
    },
  },
  optimizeDeps: { exclude: ["better-sqlite3", "drizzle-orm"] },
  ssr: { external: ["better-sqlite3"] },
});
