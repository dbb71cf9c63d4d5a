import type { Rollup } from "vite";

/**
 * Rollup warnings a build of this app always prints and nobody can act on, so a start stays
 * quiet enough to read:
 * - EMPTY_BUNDLE: resource routes (feeds, the sitemap, media, sign-out) have no browser code,
 *   and Remix still gives each a client chunk, which comes out empty.
 * - INVALID_ANNOTATION in node_modules: a dependency's comment Rollup drops; not our code.
 * Every other warning is printed as before.
 */
export function isNoiseWarning(warning: Rollup.RollupLog): boolean {
  if (warning.code === "EMPTY_BUNDLE") return true;
  return (
    warning.code === "INVALID_ANNOTATION" &&
    (warning.id ?? "").includes("/node_modules/")
  );
}
