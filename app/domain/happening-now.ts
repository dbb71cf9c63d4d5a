// Whether a comment reads as a crime in progress, to prompt the poster to call 999 first.
// Pure: the phrases are a setting, matched as whole words in any case.
import { matchingWords } from "./moderation-policy";

export { DEFAULT_NOW_PHRASES } from "./moderation-policy";

export const CALL_999_PROMPT =
  "If this is happening now, call 999. This board is not watched around the clock.";

/** The phrases of `phrases` that `text` contains; empty when it does not read as happening now. */
export function happeningNowPhrases(
  text: string,
  phrases: readonly string[],
): string[] {
  return matchingWords(text, phrases);
}
