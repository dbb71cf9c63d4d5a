// "Describe behaviour, not people": on posts about sightings or suspicious activity, a comment
// that describes a person by appearance alone (skin colour, ethnicity, clothing) and says nothing
// of what they did is held for a moderator. Pure: the word lists are settings.
import { slugify } from "./slug";
import { matchingWords } from "./word-match";

/** `observationTags`: posts with one of these tags show the describe-behaviour guidance. */
export const DEFAULT_OBSERVATION_TAGS: readonly string[] = [
  "sightings",
  "suspicious activity",
];

/** `appearanceWords`: skin colour, ethnicity and clothing, the descriptions that point at a group. */
export const DEFAULT_APPEARANCE_WORDS: readonly string[] = [
  "black",
  "white",
  "brown",
  "asian",
  "dark skinned",
  "light skinned",
  "foreign",
  "foreigner",
  "foreigners",
  "eastern european",
  "gypsy",
  "gypsies",
  "traveller",
  "travellers",
  "muslim",
  "hoodie",
  "hoodies",
  "hooded",
  "hood up",
  "tracksuit",
  "balaclava",
  "scruffy",
  "dodgy looking",
  "suspicious looking",
];

/** `behaviourWords`: what someone did, which makes a description worth reading. */
export const DEFAULT_BEHAVIOUR_WORDS: readonly string[] = [
  "trying",
  "tried",
  "climbing",
  "climbed",
  "broke",
  "breaking",
  "smashed",
  "smashing",
  "took",
  "taking",
  "stole",
  "stealing",
  "carrying",
  "carried",
  "knocking",
  "knocked",
  "looking into",
  "looking in",
  "peering",
  "photographing",
  "filming",
  "following",
  "followed",
  "ran",
  "running",
  "drove",
  "driving",
  "loitering",
  "hiding",
  "selling",
  "asked",
  "asking",
  "threatened",
  "shouting",
  "pushed",
  "forced",
  "opened",
  "opening",
  "checking",
  "kicked",
  "entered",
  "left",
  "dropped",
];

/** Shown above the comment field of posts with one of the observation tags. */
export const DESCRIBE_BEHAVIOUR_GUIDANCE =
  "Describe what they did, where and when, not what they look like.";

/** Words that say the text is about a person; appearance words only count next to one of these. */
export const PERSON_WORDS: readonly string[] = [
  "man",
  "men",
  "woman",
  "women",
  "lad",
  "lads",
  "guy",
  "guys",
  "bloke",
  "blokes",
  "boy",
  "boys",
  "girl",
  "girls",
  "youth",
  "youths",
  "kid",
  "kids",
  "teenager",
  "teenagers",
  "teens",
  "person",
  "people",
  "someone",
  "somebody",
  "group",
  "gang",
  "male",
  "female",
  "he",
  "she",
  "they",
];

export type DescribeBehaviourOptions = {
  appearanceWords: readonly string[];
  behaviourWords: readonly string[];
};

/**
 * The appearance words of a comment that describes a person by appearance and no behaviour;
 * empty when it does not (no person, no appearance word, or at least one behaviour word).
 */
export function appearanceOnlyWords(
  text: string,
  options: DescribeBehaviourOptions,
): string[] {
  const appearance = matchingWords(text, options.appearanceWords);
  if (appearance.length === 0) return [];
  if (matchingWords(text, PERSON_WORDS).length === 0) return [];
  if (matchingWords(text, options.behaviourWords).length > 0) return [];
  return appearance;
}

/** Whether a post's tags (their names or slugs) include one of the observation tags. */
export function isObservationPost(
  postTags: readonly string[],
  observationTags: readonly string[],
): boolean {
  const wanted = new Set(observationTags.map(slugify));
  return postTags.some((tag) => wanted.has(slugify(tag)));
}
