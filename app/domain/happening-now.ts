// Whether a comment reads as a crime in progress, to prompt the poster to call 999 first.
// Pure: the phrases are a setting, matched as whole words in any case.
// Zod-free, as the comment form draws its prompt in the browser: nothing here may import the
// policy's schemas (decision 068).
import { matchingWords } from "./word-match";

/** Phrases that read as something happening now; `nowPhrases` in the policy settings. */
export const DEFAULT_NOW_PHRASES: readonly string[] = [
  "right now",
  "happening now",
  "as we speak",
  "breaking into",
  "breaking in",
  "trying car doors",
  "trying door handles",
  "trying the door",
  "trying to get in",
  "kicking the door",
  "outside my house now",
  "in my garden now",
  "someone is in my",
  "there is someone in",
];

export const CALL_999_PROMPT =
  "If this is happening now, call 999. This board is not watched around the clock.";

/** The phrases of `phrases` that `text` contains; empty when it does not read as happening now. */
export function happeningNowPhrases(
  text: string,
  phrases: readonly string[],
): string[] {
  return matchingWords(text, phrases);
}
