import { slug as githubSlug } from "github-slugger";

/** The URL form of a tag, an area or a post name: lowercase words joined by hyphens. */
export function slugify(text: string): string {
  return githubSlug(text.normalize("NFKD").replace(/[\u0300-\u036f]/g, ""))
    .replace(/_/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isSlug(text: string): boolean {
  return SLUG_PATTERN.test(text);
}

/**
 * The writing desk's own pages, at /write/<name> (app/routes/write.<name>.tsx). The desk opens a
 * post at /write/<slug>, so a post with one of these addresses could never be opened there.
 */
const DESK_PAGE_NAMES: ReadonlySet<string> = new Set([
  "new",
  "images",
  "preview",
]);

export function isDeskPageName(slug: string): boolean {
  return DESK_PAGE_NAMES.has(slug);
}
