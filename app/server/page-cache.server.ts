import { createHmac, randomBytes } from "node:crypto";
import { gzipSync } from "node:zlib";
import type Database from "better-sqlite3";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, RequestHandler, Response } from "express";
import { etagMatches, isPersonalRequest } from "./http-cache.server";
import { drawnForSomeone } from "../platform/personal.server";
import { logRequest, type RequestLocals } from "../platform/log.server";
import { serverNowMs } from "../platform/clock.server";
import type { NonceLocals } from "./security-headers.server";

/**
 * A cache of whole rendered pages for signed-out readers, in this process's memory.
 *
 * Each page is drawn from a few scopes of data (see db/migrations/0004_page_generations.sql):
 * every page from 'site', a post's pages from 'post:<slug>', every other page from 'comments'.
 * Triggers bump a scope's generation whenever its data changes, whoever writes it, so a cached
 * page is served only while the generations it was drawn from are still current. The cache reads
 * them on a connection of its own and keeps them until SQLite's `PRAGMA data_version` says another
 * connection (the server's own included) has written since: most requests cost no query at all.
 * Pages also show times relative to the minute they were drawn in, so an entry lives until the
 * end of that minute at most.
 */

export type CachedPage = {
  status: number;
  headers: [string, string][];
  body: Buffer;
  /** Made on first demand: most readers ask for gzip. */
  gzipped?: Buffer;
  /** The Content-Security-Policy nonce written into the page. */
  nonce: string;
  generations: string;
  expiresAt: number;
  /**
   * Every header of a fast answer, made on first demand for each variant: over HTTPS (with
   * HSTS) or not, gzipped or not, or a 304.
   */
  headersFor?: Map<string, string[]>;
  /** The stored page's ETag (null: it has none), found on first demand. */
  etag?: string | null;
  /** The cache's count of uses when this entry was last read or stored. */
  lastUse: number;
  /** The count when it took its place at the back of the eviction order. */
  placedAt: number;
};

/** What a request may do with the cache, decided before any route runs. */
export type PageCacheTicket = {
  key: string;
  /** The generations this request's page is drawn from, read before rendering it. */
  generations: string;
  nonce: string;
  /** The current entry, when it may be served as it is. */
  hit?: CachedPage;
};

const CACHEABLE_METHODS = new Set(["GET", "HEAD"]);
const MOST_REMEMBERED_PATHS = 10_000;
/** Longer paths (none of the site's own) are not remembered, so the memory of them stays small. */
const LONGEST_REMEMBERED_PATH = 512;

/** The scopes a page at this path is drawn from. */
export function scopesForPath(pathname: string): string[] {
  const post = /^\/posts\/([^/]+)/.exec(pathname);
  if (post?.[1]) return ["site", `post:${decodedSlug(post[1])}`];
  return ["site", "comments"];
}

function decodedSlug(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // Not a slug of ours: the page will be a 404, cached under the raw text.
    return segment;
  }
}

/**
 * A nonce that is the same for the same page drawn from the same data, so an unchanged page
 * keeps its bytes and its ETag, and that changes, unguessably, whenever the data does: text that
 * somehow slipped into a page can never know the nonce of the page it lands on.
 */
function pageNonce(secret: string, key: string, generations: string): string {
  return createHmac("sha256", secret)
    .update(`${key}\n${generations}`)
    .digest("base64url")
    .slice(0, 22);
}

export function randomNonce(): string {
  return randomBytes(16).toString("base64url");
}

export class PageCache {
  /** In eviction order: the first is the next to go, unless it was read since it was placed. */
  private readonly entries = new Map<string, CachedPage>();
  private bytes = 0;
  private uses = 0;
  private readonly readGeneration: Database.Statement<
    [string],
    { generation: number }
  >;
  private readonly readDataVersion: Database.Statement<[], number> | null;
  private dataVersion = -1;
  private readonly generations = new Map<string, number>();
  /** Pages being drawn right now, by key, with the generations they are drawn from. */
  private readonly inProgress = new Map<
    string,
    { generations: string; finished: Promise<void> }
  >();
  /** Each path's generations as an entry stores them, until some connection writes. */
  private readonly generationsByPath = new Map<string, string>();

  /**
   * `sqlite` should be a connection of the cache's own: `data_version` only moves for writes by
   * other connections. On an in-memory database (one connection) every request reads them.
   */
  constructor(
    sqlite: Database.Database,
    private readonly options: { maxBytes: number; secret: string },
  ) {
    this.readGeneration = sqlite.prepare(
      "SELECT generation FROM page_generations WHERE scope = ?",
    );
    this.readDataVersion = sqlite.memory
      ? null
      : sqlite.prepare<[], number>("PRAGMA data_version").pluck();
  }

  /** The generations of a path's scopes, read again only after some connection wrote. */
  private currentGenerations(pathname: string): string {
    const version = this.readDataVersion?.get() ?? -1;
    if (version === -1 || version !== this.dataVersion) {
      this.generations.clear();
      this.generationsByPath.clear();
      this.dataVersion = version;
    }
    let known = this.generationsByPath.get(pathname);
    if (known === undefined) {
      // Any path can be asked for, and a post's names a scope of its own: what is remembered of
      // them is bounded in count and length, and cleared at every write.
      const remember = pathname.length <= LONGEST_REMEMBERED_PATH;
      known = this.generationsOfScopes(pathname, remember);
      if (!remember) return known;
      if (this.generationsByPath.size >= MOST_REMEMBERED_PATHS)
        this.generationsByPath.clear();
      this.generationsByPath.set(pathname, known);
    }
    return known;
  }

  private generationsOfScopes(pathname: string, remember: boolean): string {
    return scopesForPath(pathname)
      .map((scope) => {
        let generation = this.generations.get(scope);
        if (generation === undefined) {
          generation = this.readGeneration.get(scope)?.generation ?? 0;
          if (!remember) return generation;
          if (this.generations.size >= MOST_REMEMBERED_PATHS)
            this.generations.clear();
          this.generations.set(scope, generation);
        }
        return generation;
      })
      .join(".");
  }

  /**
   * The current entry stored under exactly this address (path and query as the request wrote
   * them), or undefined: for the fast path, which falls back to the whole pipeline on a miss.
   */
  currentEntry(address: string, now: number): CachedPage | undefined {
    const entry = this.entries.get(address);
    if (!entry || now >= entry.expiresAt) return undefined;
    const query = address.indexOf("?");
    const pathname = query === -1 ? address : address.slice(0, query);
    if (entry.generations !== this.currentGenerations(pathname))
      return undefined;
    entry.lastUse = ++this.uses;
    return entry;
  }

  /** Null for a request that must be rendered for this reader alone (someone's, a form post…). */
  ticketFor(
    method: string,
    url: URL,
    personal: boolean,
    now: number,
  ): PageCacheTicket | null {
    if (!CACHEABLE_METHODS.has(method)) return null;
    if (personal) return null;
    // Client-side navigations fetch route data, not pages: not cached here.
    if (url.pathname.endsWith(".data")) return null;
    const key = url.pathname + url.search;
    const generations = this.currentGenerations(url.pathname);
    const entry = this.entries.get(key);
    if (entry && entry.generations === generations && now < entry.expiresAt) {
      entry.lastUse = ++this.uses;
      return { key, generations, nonce: entry.nonce, hit: entry };
    }
    return {
      key,
      generations,
      nonce: pageNonce(this.options.secret, key, generations),
    };
  }

  /**
   * Keeps a page rendered under this ticket for the next readers, until the minute ends. Its
   * address counts towards the size with its body: any address can be asked for, up to the
   * length of a request's head, and an address of the reader's choosing, a 404 for each, would
   * otherwise hold far more memory than the size says.
   */
  store(
    ticket: PageCacheTicket,
    page: Pick<CachedPage, "status" | "headers" | "body">,
    now: number,
  ): void {
    const bytes = ticket.key.length + page.body.length;
    if (bytes > this.options.maxBytes / 4) return;
    this.remove(ticket.key);
    this.makeRoomFor(bytes);
    const use = ++this.uses;
    this.entries.set(ticket.key, {
      ...page,
      nonce: ticket.nonce,
      generations: ticket.generations,
      expiresAt: (Math.floor(now / 60_000) + 1) * 60_000,
      lastUse: use,
      placedAt: use,
    });
    this.bytes += bytes;
  }

  /**
   * Forgets the least recently used pages until the rest and a new one fit, close enough: an
   * entry read since it was placed goes to the back once, here, instead of at every read. Moving
   * it at every read rebuilt part of the Map's table at each cached answer, garbage that outlived
   * the young generation and brought a full collection, a pause of several milliseconds, every
   * few seconds.
   */
  private makeRoomFor(bytes: number): void {
    // A Map's iteration visits entries set during it, so the ones moved back come round again.
    for (const [key, entry] of this.entries) {
      if (this.bytes + bytes <= this.options.maxBytes) return;
      if (entry.lastUse > entry.placedAt) {
        this.entries.delete(key);
        this.entries.set(key, entry);
        entry.placedAt = entry.lastUse;
      } else this.remove(key);
    }
  }

  /**
   * The page stored under this ticket, when it is current: drawn from the same generations as
   * the ticket's, before its minute ended.
   */
  storedFor(ticket: PageCacheTicket, now: number): CachedPage | undefined {
    const entry = this.entries.get(ticket.key);
    if (!entry || entry.generations !== ticket.generations) return undefined;
    return now < entry.expiresAt ? entry : undefined;
  }

  /**
   * Notes that this ticket's page is being drawn; the returned function says it is done. A
   * reader asking meanwhile for the same page from the same generations waits for it (see
   * `drawnMeanwhile`), rather than drawing it again.
   */
  drawing(ticket: PageCacheTicket): () => void {
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    const mark = { generations: ticket.generations, finished };
    this.inProgress.set(ticket.key, mark);
    return () => {
      if (this.inProgress.get(ticket.key) === mark)
        this.inProgress.delete(ticket.key);
      done();
    };
  }

  /** Settles when the page this ticket asks for, being drawn for another reader, is done. */
  drawnMeanwhile(ticket: PageCacheTicket): Promise<void> | undefined {
    const mark = this.inProgress.get(ticket.key);
    return mark?.generations === ticket.generations ? mark.finished : undefined;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= key.length + entry.body.length + (entry.gzipped?.length ?? 0);
  }

  /** The gzipped body, made once per entry. */
  gzipped(entry: CachedPage): Buffer {
    if (!entry.gzipped) {
      entry.gzipped = gzipSync(entry.body);
      this.bytes += entry.gzipped.length;
    }
    return entry.gzipped;
  }
}

type CacheLocals = NonceLocals &
  RequestLocals & { pageTicket?: PageCacheTicket };

/** Paths with a file extension are assets, feeds and the like: never rendered as pages. */
const FILE_PATH = /\.[a-z0-9]+$/i;

/**
 * Decides, before any route runs, whether this request may be served from the cache, and which
 * nonce its page carries: the security headers written next must name it.
 */
export function pageCacheTickets(cache: PageCache): RequestHandler {
  return (req, res, next) => {
    const locals = res.locals as CacheLocals;
    const url = new URL(req.originalUrl, "http://page.invalid");
    const decide = (personal: boolean) => {
      const ticket = FILE_PATH.test(url.pathname)
        ? null
        : cache.ticketFor(req.method, url, personal, serverNowMs());
      locals.cspNonce = ticket?.nonce ?? randomNonce();
      if (ticket) locals.pageTicket = ticket;
      next();
    };
    // Most readers send no cookie: decided at once, without waiting on a promise.
    if (!req.headers.cookie) return decide(false);
    isPersonalRequest(req.headers.cookie).then(decide, next);
  };
}

/**
 * Answers from the cache when the ticket says the stored page is current. On a miss, the first
 * reader draws the page; readers asking for it meanwhile (all of them at once when a popular
 * page's minute ends) wait for that drawing and get its page, and draw their own only when it
 * was not stored (someone's page, an error). See decision 070.
 */
export function serveCachedPages(cache: PageCache): RequestHandler {
  return (req, res, next) => {
    const locals = res.locals as CacheLocals;
    const ticket = locals.pageTicket;
    if (!ticket) return next();
    if (ticket.hit) return answerFromEntry(cache, ticket.hit, req, res);
    const meanwhile = cache.drawnMeanwhile(ticket);
    if (meanwhile) {
      meanwhile.then(() => {
        const stored = cache.storedFor(ticket, serverNowMs());
        if (stored) return answerFromEntry(cache, stored, req, res);
        locals.pageCache = "miss";
        next();
      }, next);
      return;
    }
    locals.pageCache = "miss";
    // Only a GET's page is stored (pageStorer): only a GET is waited for.
    if (req.method === "GET") res.once("close", cache.drawing(ticket));
    next();
  };
}

function answerFromEntry(
  cache: PageCache,
  entry: CachedPage,
  req: Request,
  res: Response,
): void {
  (res.locals as CacheLocals).pageCache = "hit";
  for (const [name, value] of entry.headers) res.setHeader(name, value);
  res.append("Vary", "Accept-Encoding");
  const etag = res.getHeader("ETag");
  if (
    typeof etag === "string" &&
    etagMatches(req.headers["if-none-match"], etag)
  ) {
    res.status(304).end();
    return;
  }
  const gzip = req.acceptsEncodings("gzip", "identity") === "gzip";
  const body = gzip ? cache.gzipped(entry) : entry.body;
  if (gzip) res.setHeader("Content-Encoding", "gzip");
  res.setHeader("Content-Length", body.length);
  res.status(entry.status);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** For the load context: keeps the page this request renders, when its ticket allows. */
export function pageStorer(
  cache: PageCache,
  res: Response,
):
  | ((page: Pick<CachedPage, "status" | "headers" | "body">) => void)
  | undefined {
  const ticket = (res.locals as CacheLocals).pageTicket;
  if (!ticket || res.req.method !== "GET") return undefined;
  return (page) => {
    // Whatever the request looked like beforehand, a page drawn for someone stays theirs.
    if (drawnForSomeone()) return;
    cache.store(ticket, page, serverNowMs());
  };
}

/** What the fast path needs to answer exactly as the whole pipeline would. */
export type FastPathOptions = {
  /** The security headers of a page with this nonce, over HTTPS or not. */
  securityHeaders: (nonce: string, secure: boolean) => [string, string][];
  /** Whether Express would take this request for HTTPS (its trust proxy setting decides). */
  isSecure: (req: IncomingMessage) => boolean;
  /** Whether the reader takes gzip, as Express's negotiation says. */
  acceptsGzip: (req: IncomingMessage) => boolean;
  requestId: () => string;
};

/**
 * Every header of a fast answer but the request's id, whose value is the last element: the
 * answer sets it, then Node copies the list into the response head at once, so one list per
 * entry and variant serves every request. `body` is null for a 304, which has none.
 */
function flatHeaders(
  entry: CachedPage,
  options: FastPathOptions,
  secure: boolean,
  body: { gzip: boolean; length: number } | null,
): string[] {
  const flat: string[] = [];
  for (const [name, value] of [
    ...options.securityHeaders(entry.nonce, secure),
    ...entry.headers,
  ])
    flat.push(name, value);
  flat.push("Vary", "Accept-Encoding");
  if (body?.gzip) flat.push("Content-Encoding", "gzip");
  if (body) flat.push("Content-Length", String(body.length));
  flat.push("X-Request-Id", "");
  return flat;
}

/**
 * Answers a signed-out reader's GET for a current cached page before Express and Remix run:
 * headers made once per entry, the body one buffer. Anything it is not sure of (a cookie, a body,
 * a miss, a file path) returns false, and the whole pipeline answers instead.
 */
export function fastCachedPages(
  cache: PageCache,
  options: FastPathOptions,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    const headers = req.headers;
    if (
      headers.cookie !== undefined ||
      headers["content-length"] !== undefined ||
      headers["transfer-encoding"] !== undefined
    )
      return false;
    const address = req.url ?? "";
    if (!address.startsWith("/")) return false;
    const query = address.indexOf("?");
    const pathname = query === -1 ? address : address.slice(0, query);
    if (FILE_PATH.test(pathname) || pathname.endsWith(".data")) return false;
    const entry = cache.currentEntry(address, serverNowMs());
    if (!entry) return false;

    const started = process.hrtime.bigint();
    const secure = options.isSecure(req);
    entry.etag ??=
      entry.headers.find(([name]) => name.toLowerCase() === "etag")?.[1] ??
      null;
    const unchanged =
      entry.etag !== null && etagMatches(headers["if-none-match"], entry.etag);
    const gzip = !unchanged && options.acceptsGzip(req);
    const body = gzip ? cache.gzipped(entry) : entry.body;
    const variant = `${secure ? "secure" : "plain"} ${unchanged ? "304" : gzip ? "gzip" : "identity"}`;
    entry.headersFor ??= new Map();
    let head = entry.headersFor.get(variant);
    if (!head) {
      head = flatHeaders(
        entry,
        options,
        secure,
        unchanged ? null : { gzip, length: body.length },
      );
      entry.headersFor.set(variant, head);
    }
    const requestId = options.requestId();
    head[head.length - 1] = requestId;
    res.writeHead(unchanged ? 304 : entry.status, head);
    res.end(req.method === "HEAD" || unchanged ? undefined : body);
    // Logged once the answer is handed over: a cached page is written at once.
    logRequest({
      requestId,
      method: req.method!,
      path: pathname,
      status: res.statusCode,
      started,
      pageCache: "hit",
    });
    return true;
  };
}
