/**
 * Deterministic synthetic text for the benchmark: the same seed gives the same site, so two
 * runs measure the same data. The vocabulary is the board's own (bikes, scams, sheds, cars),
 * so searches and tag pages find what they would on a real site.
 */

/** A small, fast, seeded generator (mulberry32): Math.random cannot be seeded. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
  const below = (limit: number): number => Math.floor(next() * limit);
  const pick = <T>(items: readonly T[]): T => items[below(items.length)]!;
  const chance = (probability: number): boolean => next() < probability;
  return { next, below, pick, chance };
}

export type Random = ReturnType<typeof seededRandom>;

export const AREAS = [
  "North Vale",
  "South Vale",
  "Station Quarter",
  "Old Town",
  "Riverside",
  "Elm Park",
  "Hill Top",
  "Canal Side",
  "Market Square",
  "Westfield",
  "Brook End",
  "Orchard Green",
] as const;

export const TAGS = [
  "bikes",
  "burglary",
  "scams",
  "home security",
  "vehicle crime",
  "property marking",
  "meetings",
  "anti-social behaviour",
  "doorstep crime",
  "online safety",
  "sheds and garages",
  "street lighting",
  "parking",
  "young people",
  "older neighbours",
  "lost and found",
  "police updates",
  "community events",
  "shoplifting",
  "catalytic converters",
] as const;

const TOPICS = [
  "Bike thefts at the station racks",
  "Doorstep callers offering roof repairs",
  "Keyless car theft overnight",
  "Shed break-ins after dark",
  "Phone scams claiming to be the bank",
  "Catalytic converters taken from driveways",
  "Street lights out along the towpath",
  "Parcel thefts from doorsteps",
  "Fake council officers checking water",
  "Vans broken into for tools",
  "Noise and fireworks in the park",
  "Free property marking session",
  "Neighbourhood watch meeting",
  "Courier fraud warning",
  "Burglary pattern in back gardens",
  "Lost dog found by the canal",
  "Online marketplace scams",
  "Speeding on the school run",
  "Graffiti on the underpass",
  "New CCTV by the shops",
] as const;

const POST_SENTENCES = [
  "Officers from the Safer Neighbourhoods Team have asked us to pass this on to every household.",
  "Most of the reports came in between midnight and four in the morning.",
  "Check that side gates are locked and that ladders are not left out in gardens.",
  "If you have a doorbell camera, please keep footage from the last week and tell the police.",
  "A genuine bank or police officer will never ask you to move money or hand over your card.",
  "Mark your bike frame and register it: a recovered bike can only come home if it is registered.",
  "Thieves look for tools, bikes and garden machinery that can be sold on quickly.",
  "Keep car keys away from the front door, and consider a signal-blocking pouch for keyless fobs.",
  "The council has been told about the broken lights and promised a repair within two weeks.",
  "Please look out for older neighbours who live alone and may be targeted by cold callers.",
  "We will have marking kits and leaflets on the stall outside the library on Saturday.",
  "The figures for the last quarter show a small fall in burglary but a rise in vehicle crime.",
  "A closed-shackle padlock and a proper hasp make a shed far harder to open quietly.",
  "If something feels wrong, hang up, wait five minutes and call back on a number you trust.",
  "Residents in the area reported a white van driving slowly along the back lanes.",
  "Nothing here replaces reporting a crime: call 101, or 999 in an emergency.",
  "The next meeting is at the community centre, and everyone who lives locally is welcome.",
  "Thank you to everyone who sent photos and descriptions; they helped the officers a great deal.",
  "Sensor lights at the back of a house are cheap and put off most opportunist thieves.",
  "Some of the calls used the real name of a local bank branch to sound convincing.",
] as const;

const COMMENT_SENTENCES = [
  "Thanks for posting this, I had no idea it was happening so close to us.",
  "Same thing happened on our road last week, the police were very helpful.",
  "Had one of these calls yesterday; they knew my bank's name, which made it sound real.",
  "Good reminder. I have put the bank's number on a sticky note by the phone.",
  "Does anyone know whether the marking session needs booking or can we just turn up?",
  "My neighbour's shed was done twice in a month, they took the mower both times.",
  "Worth telling older relatives about this before they get a call.",
  "The lights by the towpath have been out since the spring, it is very dark there now.",
  "We fitted a sensor light after the last post and it has made a real difference.",
  "Is there a number to ring if you see the van again?",
  "I saw two people trying car door handles on Mill Lane around midnight.",
  "Our bike was taken from the station racks even with a D-lock on it.",
  "The police will never ask you to withdraw cash or buy gift cards.",
  "Please can the meeting be in the evening so people who work can come?",
  "Catalytic converter went from our driveway in under two minutes, caught on camera.",
  "Signed up for the bike register straight away, it only took ten minutes.",
  "Great to see so many people at the last meeting, thank you for organising it.",
  "Could we get a speed check on the school road? Cars fly down it at home time.",
  "A parcel was taken from our step in broad daylight, the courier left it in view.",
  "I put a signal-blocking pouch by the door for the car keys, cheap and simple.",
  "Found a set of keys by the bus stop on Orchard Road, handed them in at the shop.",
  "The fake water board man tried our door too, he had a lanyard and everything.",
  "Would be good to have a list of trusted local tradespeople for repairs.",
  "Kids on scooters are not a crime, let's keep this board for real problems.",
] as const;

const FIRST_NAMES = [
  "Priya",
  "Tom",
  "Sam",
  "Jo",
  "Alex",
  "Morgan",
  "Chris",
  "Margaret",
  "Daniel",
  "Aisha",
  "Ruth",
  "Kwame",
  "Helen",
  "Oliver",
  "Fatima",
  "George",
  "Nadia",
  "Peter",
  "Grace",
  "Imran",
] as const;

const LAST_NAMES = [
  "Okafor",
  "Hughes",
  "Patel",
  "Smith",
  "Nowak",
  "Adeyemi",
  "Jones",
  "Khan",
  "Murphy",
  "Williams",
  "Chen",
  "Taylor",
] as const;

const STREETS = [
  "Mill Lane",
  "Orchard Road",
  "Platform Lane",
  "Canal Walk",
  "Church Street",
  "Vale Road",
  "Park Avenue",
  "Brook Close",
] as const;

export const SEARCH_QUERIES = [
  "bike",
  "scam calls",
  "shed padlock",
  "catalytic converter",
] as const;

export function personName(random: Random): string {
  return `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
}

export function postTitle(random: Random, index: number): string {
  return `${random.pick(TOPICS)} in ${random.pick(AREAS)} (${index + 1})`;
}

export function postSummary(random: Random): string {
  return `${random.pick(POST_SENTENCES)} ${random.pick(POST_SENTENCES)}`;
}

/** A post body of about 400 words: headings, paragraphs, a list, sometimes a quote, link or picture. */
export function postBody(random: Random, otherSlug: string | null): string {
  const paragraph = () =>
    Array.from({ length: 3 + random.below(3) }, () =>
      random.pick(POST_SENTENCES),
    ).join(" ");
  const parts = [paragraph(), `## What happened`, paragraph(), paragraph()];
  parts.push(
    `## What you can do`,
    Array.from(
      { length: 3 + random.below(3) },
      () => `- ${random.pick(POST_SENTENCES)}`,
    ).join("\n"),
  );
  if (random.chance(0.3))
    parts.push(`> "${random.pick(POST_SENTENCES)}"\n> — ${personName(random)}`);
  if (otherSlug && random.chance(0.5))
    parts.push(`See also [our earlier post](/posts/${otherSlug}).`);
  if (random.chance(0.1))
    parts.push(`![A map of the Vale's areas](images/vale-map.svg)`);
  parts.push(
    paragraph(),
    `Call **101** to report a crime, or **999** in an emergency.`,
  );
  return parts.join("\n\n");
}

/** A comment as residents write them: a sentence or three, sometimes emphasis, a list or a link. */
export function commentBody(random: Random): string {
  const sentences: string[] = Array.from({ length: 1 + random.below(3) }, () =>
    random.pick(COMMENT_SENTENCES),
  );
  if (random.chance(0.3))
    sentences.push(
      `It was near ${random.pick(STREETS)}, about ${1 + random.below(12)} o'clock.`,
    );
  let body = sentences.join(" ");
  if (random.chance(0.1))
    body = body.replace(/\b(very|real|never|straight)\b/, "**$1**");
  if (random.chance(0.1))
    body += `\n\n- ${random.pick(COMMENT_SENTENCES)}\n- ${random.pick(COMMENT_SENTENCES)}`;
  if (random.chance(0.05))
    body += `\n\nMore here: <https://www.police.uk/pu/contact-us/>`;
  return body;
}
