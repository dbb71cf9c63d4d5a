// Detectors for details that may identify a person or a home: pure functions over a comment's text.
// They look for shapes, not meaning, so each errs towards asking a moderator rather than missing one.

export const PERSONAL_DETAIL_KINDS = [
  "address",
  "registration",
  "phone",
  "email",
] as const;
export type PersonalDetailKind = (typeof PERSONAL_DETAIL_KINDS)[number];

export type PersonalDetail = { kind: PersonalDetailKind; text: string };

/** Names each kind for the poster: "it may identify a person or a home (a phone number)". */
export const PERSONAL_DETAIL_LABELS: Record<PersonalDetailKind, string> = {
  address: "a street address or a postcode with a house number",
  registration: "a vehicle registration",
  phone: "a phone number",
  email: "an email address",
};

export type PersonalDetailOptions = {
  /** Leave crime reference numbers ("crime ref 43/12345/24") alone, so neighbours can quote them. */
  allowCrimeReferences: boolean;
};

// Every UK postcode shape: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA, and GIR 0AA.
const POSTCODE =
  /\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?) ?\d[ABD-HJLNP-UW-Z]{2})\b/gi;
const STREET_TYPES =
  "road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|way|crescent|court|ct|place|pl|gardens|terrace|grove|mews|row|walk|square|sq|parade|rise|hill";
// A house number (12, 12a, 12-14) then one to three words then a street type: "12 Acacia Avenue".
const STREET_ADDRESS = new RegExp(
  `\\b\\d{1,4}[a-z]?(?:-\\d{1,4})?,? +(?:[a-z][a-z'-]* +){1,3}(?:${STREET_TYPES})\\b`,
  "gi",
);
// A house number said as one: "number 12", "no. 12", "flat 3", "house 7".
const HOUSE_NUMBER =
  /\b(?:number|no\.?|flat|house|apartment|apt\.?) ?\d{1,4}[a-z]?\b/i;
// Current plates (AB12 CDE, since 2001) in any case; prefix (A123 BCD) and suffix (ABC 123D)
// plates in capitals only, as they are written, so words and numbers in prose do not match.
const PLATE_CURRENT = /\b[a-z]{2}\d{2} ?[a-z]{3}\b/gi;
const PLATE_PREFIX = /\b[A-HJ-NP-Y]\d{1,3} ?[A-Z]{3}\b/g;
const PLATE_SUFFIX = /\b[A-Z]{3} ?\d{1,3}[A-HJ-NP-Y]\b/g;
// A run starting with + or 0 of digits, spaces, dashes and brackets; judged by its digits.
const PHONE = /(?:\+|\(0|\b0)[\d ()-]{7,}\d/g;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const CRIME_REFERENCE =
  /\b(?:crime|incident|police|log)(?: ref(?:erence)?)?(?: (?:no\.?|number))?[: #]*[a-z]{0,3}[\d/ -]*\d/gi;

/** The details in `text` that may identify a person or a home, by kind. */
export function findPersonalDetails(
  text: string,
  options: PersonalDetailOptions,
): PersonalDetail[] {
  const body = options.allowCrimeReferences
    ? text.replace(CRIME_REFERENCE, " ")
    : text;
  const found: PersonalDetail[] = [];
  const add = (kind: PersonalDetailKind, matches: Iterable<string>) => {
    for (const match of matches) found.push({ kind, text: match.trim() });
  };
  const streets = body.match(STREET_ADDRESS) ?? [];
  add("address", streets);
  if (streets.length === 0 && HOUSE_NUMBER.test(body)) {
    add("address", body.match(POSTCODE) ?? []);
  }
  add("registration", [
    ...(body.match(PLATE_CURRENT) ?? []),
    ...(body.match(PLATE_PREFIX) ?? []),
    ...(body.match(PLATE_SUFFIX) ?? []),
  ]);
  add("phone", (body.match(PHONE) ?? []).filter(isPhoneNumber));
  add("email", body.match(EMAIL) ?? []);
  return found;
}

/** UK numbers have 10 or 11 digits from the leading 0; international ones 8 to 15 after the +. */
function isPhoneNumber(match: string): boolean {
  const digits = match.replace(/\D/g, "");
  if (match.trim().startsWith("+")) {
    return digits.length >= 8 && digits.length <= 15;
  }
  return digits.length >= 10 && digits.length <= 11;
}
