/** Where the live preview posts the body being written (app/routes/write.preview.tsx). */
export const PREVIEW_PATH = "/write/preview";

/**
 * The longest body the live preview renders: ten times a long post. At the most bytes a
 * character can take once URL-encoded (9), it still fits the server's 1 MB limit on a form.
 */
export const MAX_PREVIEW_CHARACTERS = 100_000;

export const PREVIEW_TOO_LONG = `The preview stops at ${MAX_PREVIEW_CHARACTERS.toLocaleString("en-GB")} characters: use the Preview button to see the whole post.`;

/** What /write/preview answers: the body's HTML as the site will show it, or why not. */
export type PreviewAnswer = { html: string } | { error: string };
