/**
 * A page's static copy for Lighthouse to score beside it: the HTML the site sent, without its
 * scripts, and the files that HTML and its stylesheets load (stylesheets, icons, images), so
 * nginx can serve the same bytes from the same addresses.
 */

export type CopiedPage = {
  path: string;
  html: Buffer;
  assets: { path: string; body: Buffer }[];
};

/**
 * The page without its scripts: every `<script>` element but structured data
 * (`application/ld+json`, which is not code and counts for search engines), and every module
 * preload. What is left renders as the page does with JavaScript off.
 */
export function withoutScripts(html: string): string {
  return html
    .replace(/<script\b([^>]*)>[\s\S]*?<\/script>/gi, (element, attributes) =>
      /\btype=["']?application\/ld\+json/i.test(attributes as string)
        ? element
        : "",
    )
    .replace(/<link\b[^>]*\brel=["']?modulepreload\b[^>]*>/gi, "");
}

/** Addresses on the page's own site (starting with one "/") that the browser loads by itself. */
export function loadedAddresses(html: string): string[] {
  const found = new Set<string>();
  for (const [link] of html.matchAll(/<link\b[^>]*>/gi)) {
    const rel = /\brel=["']?([^"'\s>]+)/i.exec(link)?.[1]?.toLowerCase() ?? "";
    if (!["stylesheet", "icon", "preload", "apple-touch-icon"].includes(rel))
      continue;
    const href = /\bhref=["']?([^"'\s>]+)/i.exec(link)?.[1];
    if (href) found.add(href);
  }
  for (const [element] of html.matchAll(/<(?:img|source)\b[^>]*>/gi)) {
    const src = /\bsrc=["']?([^"'\s>]+)/i.exec(element)?.[1];
    if (src) found.add(src);
  }
  return [...found].filter(sameSite);
}

/** What a stylesheet loads in turn: its `url(...)`s on the same site. */
export function stylesheetAddresses(css: string): string[] {
  const found = new Set<string>();
  for (const match of css.matchAll(/url\(\s*["']?([^"')]+)["']?\s*\)/g))
    found.add(match[1]!);
  return [...found].filter(sameSite);
}

function sameSite(address: string): boolean {
  return address.startsWith("/") && !address.startsWith("//");
}

/** Without its query or fragment: nginx serves the file by its path. */
function filePath(address: string): string {
  return address.replace(/[?#].*$/, "");
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Fetches a page as a signed-out reader gets it, with everything it loads but its scripts. */
export async function staticCopy(
  baseUrl: string,
  path: string,
): Promise<CopiedPage> {
  const html = (await download(baseUrl + path)).toString("utf8");
  const assets = new Map<string, Buffer>();
  for (const address of loadedAddresses(html)) {
    const body = await download(baseUrl + address);
    assets.set(filePath(address), body);
    if (/\.css$/.test(filePath(address))) {
      for (const inner of stylesheetAddresses(body.toString("utf8")))
        assets.set(filePath(inner), await download(baseUrl + inner));
    }
  }
  return {
    path,
    html: Buffer.from(withoutScripts(html)),
    assets: [...assets].map(([assetPath, body]) => ({
      path: assetPath,
      body,
    })),
  };
}

/** The middle value (the lower of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
}
