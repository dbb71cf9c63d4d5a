// Kept apart from the site.yml schema so that every page's browser code can use the defaults
// without loading the validation library.

export type SiteSettings = {
  name: string;
  tagline: string;
  /** The standing notice under the header on every page. */
  notice: string;
  postsPerPage: number;
  /** Top-level comments, each with all its replies, on a page of a post's discussion. */
  discussionsPerPage: number;
  /** The zone in which comment times are shown. */
  timeZone: string;
};

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  name: "Lookout",
  tagline: "Local crime-prevention updates from your residents' group",
  notice:
    "This board is not a way to report crime. In an emergency call 999. To report a crime that is not an emergency call 101.",
  postsPerPage: 10,
  discussionsPerPage: 50,
  timeZone: "Europe/London",
};
