import { request } from "node:http";

export type ClientJavaScript = {
  files: number;
  /** As served, uncompressed. */
  bytes: number;
  /** What travels with `Accept-Encoding: gzip`, as a browser asks for it. */
  gzipBytes: number;
  /** Each script, in the order the page names them. */
  perFile: { address: string; bytes: number; gzipBytes: number }[];
};

/**
 * The scripts a page loads: module scripts, module preloads, and every script an inline module
 * names (it imports them, or preloads them once the page has painted: decision 076), but for the
 * route manifest it hands Remix, which lists the site's other pages' scripts too.
 */
export function scriptAddresses(html: string): string[] {
  const found = new Set<string>();
  for (const match of html.matchAll(
    /<link\b[^>]*\brel="modulepreload"[^>]*>/g,
  )) {
    const href = /\bhref="([^"]+)"/.exec(match[0])?.[1];
    if (href) found.add(href);
  }
  for (const match of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
    const attributes = match[1]!;
    if (!/\btype="module"/.test(attributes)) continue;
    const src = /\bsrc="([^"]+)"/.exec(attributes)?.[1];
    if (src) found.add(src);
    const code = match[2]!.replace(
      /window\.__remixManifest = [\s\S]*?\n\};\n/,
      "",
    );
    for (const named of code.matchAll(/["']([^"'\s]+\.js)["']/g))
      found.add(named[1]!);
  }
  return [...found];
}

/** The bytes on the wire for one address, without letting fetch decompress them. */
function transferSize(url: string): Promise<number> {
  return new Promise((done, fail) => {
    request(url, { headers: { "Accept-Encoding": "gzip" } }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        fail(new Error(`${url} answered ${response.statusCode}`));
        return;
      }
      let size = 0;
      response.on("data", (chunk: Buffer) => (size += chunk.length));
      response.on("end", () => done(size));
      response.on("error", fail);
    })
      .on("error", fail)
      .end();
  });
}

/** The client JavaScript a reader's browser downloads for a page. */
export async function clientJavaScript(
  baseUrl: string,
  path: string,
): Promise<ClientJavaScript> {
  const html = await (await fetch(baseUrl + path)).text();
  const addresses = scriptAddresses(html).map(
    (address) => new URL(address, baseUrl + path).href,
  );
  if (addresses.length === 0) throw new Error(`found no scripts on ${path}`);
  const perFile: ClientJavaScript["perFile"] = [];
  for (const address of addresses) {
    const bytes = (
      await (
        await fetch(address, { headers: { "Accept-Encoding": "identity" } })
      ).arrayBuffer()
    ).byteLength;
    perFile.push({
      address: new URL(address).pathname,
      bytes,
      gzipBytes: await transferSize(address),
    });
  }
  return {
    files: addresses.length,
    bytes: perFile.reduce((sum, file) => sum + file.bytes, 0),
    gzipBytes: perFile.reduce((sum, file) => sum + file.gzipBytes, 0),
    perFile,
  };
}
