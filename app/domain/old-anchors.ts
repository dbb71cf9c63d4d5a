/**
 * The anchors an imported comment had on the old blog, so an old link to it ("…#c2001" on
 * Blogger, "…#comment-12" on WordPress) still lands on it. A fragment never reaches the server:
 * the post page draws these ids beside the comment and the browser finds them by itself. They
 * come from what the import keeps of each comment, its origin (import_origins). Decision 065.
 */

/** Blogger's comment ids end its entries' ids: "tag:blogger.com,1999:blog-777.post-2001". */
const BLOGGER_COMMENT = /^blogger:.*\.post-(\d{1,30})$/;
/** The WordPress reader names a comment "wordpress:<site>#comment-<wp:comment_id>". */
const WORDPRESS_COMMENT = /^wordpress:.*#comment-(\d{1,30})$/;

/**
 * The ids an imported comment's old page gave it, from its origin (see import_origins). Blogger
 * themes link a comment as `#c<id>`, WordPress as `#comment-<id>`; a Disqus comment had none
 * on the page (Disqus drew its thread in a frame), nor has a Lookout export's (its numbers are
 * kept instead).
 */
export function oldCommentAnchors(origin: string): string[] {
  const blogger = BLOGGER_COMMENT.exec(origin);
  if (blogger) return [`c${blogger[1]}`];
  const wordpress = WORDPRESS_COMMENT.exec(origin);
  if (wordpress) return [`comment-${wordpress[1]}`];
  return [];
}

/**
 * Whether an old anchor is an id Lookout gives a comment of the same post itself: a WordPress
 * "comment-12" is also the anchor of Lookout's comment number 12. `highestNumber` is the
 * highest comment number of the post's discussion (0 when it has none).
 */
export function isOwnAnchor(anchor: string, highestNumber: number): boolean {
  const own = /^comment-(\d+)$/.exec(anchor);
  return own !== null && Number(own[1]) >= 1 && Number(own[1]) <= highestNumber;
}

/**
 * The old anchors a comment's page draws. Every one that is not an id of Lookout's own (two
 * elements with one id would be invalid, and the browser would pick the first), unless the
 * page was reached from an old address (`preferOld`, see oldFragmentsLand): then all, and the
 * comments whose own ids they take draw none (ownAnchorShown).
 */
export function anchorsToDraw(
  anchors: readonly string[],
  highestNumber: number,
  preferOld: boolean,
): string[] {
  return preferOld
    ? [...anchors]
    : anchors.filter((anchor) => !isOwnAnchor(anchor, highestNumber));
}

/** Whether a comment's own anchor is drawn: not when an old anchor on the page takes its id. */
export function ownAnchorShown(
  ownAnchor: string,
  drawnOldAnchors: ReadonlySet<string>,
): boolean {
  return !drawnOldAnchors.has(ownAnchor);
}

/** The query a redirect from an old address adds when the old anchors must win (see below). */
export const PREFER_OLD_ANCHORS = "old";

/**
 * Whether the post page draws the old anchors of its comments without taking an id of
 * Lookout's own. A redirect from an old address leaves its Location without a fragment either
 * way, so the browser keeps the old link's ("#c2001", "#comment-12"); when this is false
 * (WordPress's comment 12 on a post with a comment number 12), it adds `?old=1`, and that page
 * gives the old ids to the old comments (anchorsToDraw).
 */
export function oldFragmentsLand(
  origins: readonly string[],
  highestNumber: number,
): boolean {
  return origins.every((origin) =>
    oldCommentAnchors(origin).every(
      (anchor) => !isOwnAnchor(anchor, highestNumber),
    ),
  );
}
