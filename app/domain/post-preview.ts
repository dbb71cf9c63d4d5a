import { groupedDigits } from "./numbers";

/** Where the live preview posts the body being written (app/routes/write.preview.tsx). */
export const PREVIEW_PATH = "/write/preview";

/**
 * The longest body the live preview renders: as long as a post may be. The preview sends it as
 * multipart form data, the text as UTF-8, at most 3 bytes for each of JavaScript's characters,
 * so 200,000 of them fit the server's 1 MiB limit on a form.
 */
export const MAX_PREVIEW_CHARACTERS = 200_000;

export const PREVIEW_TOO_LONG = `The preview stops at ${groupedDigits(MAX_PREVIEW_CHARACTERS)} characters: use the Preview button to see the whole post.`;

/** What /write/preview answers: the body's HTML as the site will show it, or why not. */
export type PreviewAnswer = { html: string } | { error: string };
