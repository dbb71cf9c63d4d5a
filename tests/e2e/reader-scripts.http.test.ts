// What a reader's browser loads for a post page (decision 068): no zod, which only validates on
// the server. A schema built at the top level of a module the browser imports for a rule would
// bring the whole of it back (26 kB gzipped).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scriptAddresses } from "../bench/client-js";
import { startServer, type RunningServer } from "../helpers/server";

/** A name only zod's code holds: the base class of its schemas. */
const ZOD_MARKER = "$ZodType";
let server: RunningServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server?.stop();
});

async function scriptsOf(path: string): Promise<Map<string, string>> {
  const response = await fetch(server.url + path);
  expect(response.status).toBe(200);
  const addresses = scriptAddresses(await response.text());
  expect(addresses.length).toBeGreaterThan(0);
  const scripts = new Map<string, string>();
  for (const address of addresses)
    scripts.set(
      address,
      await (await fetch(new URL(address, server.url + path))).text(),
    );
  return scripts;
}

describe("the scripts of a post page", () => {
  it("carry no zod", async () => {
    const scripts = await scriptsOf("/posts/phone-and-courier-scams");
    const withZod = [...scripts]
      .filter(([, code]) => code.includes(ZOD_MARKER))
      .map(([address]) => address);
    expect(withZod).toEqual([]);
  });

  it("while the sign-up page, whose form code imports it, does (the marker finds zod)", async () => {
    const scripts = await scriptsOf("/sign-up");
    expect(
      [...scripts.values()].some((code) => code.includes(ZOD_MARKER)),
    ).toBe(true);
  });
});
