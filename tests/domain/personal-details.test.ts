import { describe, expect, it } from "vitest";
import {
  findPersonalDetails,
  type PersonalDetailKind,
} from "~/domain/personal-details";

const kinds = (text: string, allowCrimeReferences = true) =>
  findPersonalDetails(text, { allowCrimeReferences }).map(
    (detail) => detail.kind,
  );

describe("findPersonalDetails: what trips it", () => {
  const cases: [string, PersonalDetailKind][] = [
    // Postcodes of every shape, with a house number said as one.
    ["number 4, M1 1AE", "address"],
    ["no. 12 B33 8TH", "address"],
    ["flat 3, CR2 6XH", "address"],
    ["house 7 DN55 1PT", "address"],
    ["number 9 W1A 0AX", "address"],
    ["number 9 EC1A 1BB", "address"],
    ["flat 2a sw1a2aa", "address"],
    ["number 1 GIR 0AA", "address"],
    // Street addresses.
    ["he lives at 12 Acacia Avenue", "address"],
    ["outside 3a Mill Lane", "address"],
    ["14-16 High Street", "address"],
    ["at 221b Baker St", "address"],
    ["27, Old Church Road", "address"],
    // Registration plates: current, prefix and suffix.
    ["a silver car AB12 CDE", "registration"],
    ["reg ab12cde", "registration"],
    ["van A123 BCD", "registration"],
    ["old Mini ABC 123D", "registration"],
    ["plate K7 XYZ", "registration"],
    // Phone numbers, UK and international.
    ["call 07700 900123", "phone"],
    ["ring 07700900123", "phone"],
    ["on 020 7946 0958", "phone"],
    ["(01632) 960 001", "phone"],
    ["0161-496-0000", "phone"],
    ["+44 7700 900123", "phone"],
    ["+1 202 555 0143", "phone"],
    ["+33 1 23 45 67 89", "phone"],
    // Email addresses.
    ["mail jo.bloggs+lost@example.co.uk", "email"],
    ["JO@EXAMPLE.ORG", "email"],
  ];
  it.each(cases)("%s → %s", (text, kind) => {
    expect(kinds(text)).toContain(kind);
  });
});

describe("findPersonalDetails: what must not trip it", () => {
  const cases: string[] = [
    "Tickets are £12.50, or £7 for children",
    "It was on 12/03/2024 at 10:30",
    "Meeting on 2024-03-12 from 19:00 to 21:00",
    "Back in 1998 and again in 2019, 2020 and 2021",
    "Postcode area M1 is closed for roadworks",
    "A dog was found near M1 1AE, is it yours?",
    "The A1 and M25 were jammed",
    "3 men walked past, about 20 minutes ago",
    "We raised 1500 pounds",
    "Crime ref 43/123456/24, quote it if you saw anything",
    "Police reference number 01234567890",
    "incident log 0123 12/03/24",
    "Email the group via the contact page",
    "An @mention is not an email",
  ];
  it.each(cases)("%s", (text) => {
    expect(kinds(text)).toEqual([]);
  });

  it("finds a number quoted as a crime reference when the group does not exempt them", () => {
    expect(kinds("Police reference number 01234567890", false)).toEqual([
      "phone",
    ]);
    // Control: with the exemption on, the same number is left alone.
    expect(kinds("Police reference number 01234567890", true)).toEqual([]);
  });

  it("keeps what it matched, for the moderator", () => {
    expect(
      findPersonalDetails("call 07700 900123 now", {
        allowCrimeReferences: true,
      }),
    ).toEqual([{ kind: "phone", text: "07700 900123" }]);
  });
});
