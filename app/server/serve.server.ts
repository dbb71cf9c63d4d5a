// The HTTP server: `npm start` runs it in production mode after a build, `npm run dev` with Vite.
import { createServer } from "node:http";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { startMailWorker } from "../features/mail/worker.server";
import { startModeratorAlerts } from "../features/notify/moderator-alerts.server";
import { startFollowMail } from "../features/notify/follows.server";
import {
  bodyLimit,
  continueWithinLimit,
  maxBodyBytesFor,
} from "./body-limit.server";
import { openDatabase } from "../../db/client.server";
import { db } from "../platform/db.server";
import { env } from "../platform/env.server";
import { DrawnParts } from "./drawn-parts.server";
import { healthCheckHandler } from "./health.server";
import { refuseLegacyDataRequests } from "./legacy-data.server";
import { servePublicFiles } from "./public-files.server";
import {
  log,
  newRequestId,
  requestLogger,
  type RequestLocals,
} from "../platform/log.server";
import type { CachedPage } from "./page-cache.server";
import {
  fastCachedPages,
  PageCache,
  pageCacheTickets,
  pageStorer,
  serveCachedPages,
} from "./page-cache.server";
import {
  CROSS_SITE_MESSAGE,
  isAllowedOrigin,
  isOneClickUnsubscribe,
  originMatchesHost,
  ownOrigins,
} from "./same-origin.server";
import { serverSecret } from "../platform/secrets.server";
import { drawPage } from "../platform/personal.server";
import {
  limitConcurrentRenders,
  MAX_CONCURRENT_RENDERS,
} from "./render-limit.server";
import {
  securityHeaders,
  securityHeadersFor,
  type NonceLocals,
} from "./security-headers.server";
import { stopGracefullyOnSignals } from "./shutdown.server";
import {
  exitOnListenError,
  orExit,
  prepareSiteToServe,
} from "../features/site/startup.server";
import { redirectRenamedPosts } from "./renamed-posts.server";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The socket address of the client; hashed before any use, never stored. */
    clientAddress: string;
    /**
     * A guest id the action of this same request just gave out: the browser only gets the
     * cookie with the response, and the page rendered after the action must know it already.
     */
    issuedGuestKey?: string;
    /**
     * Whether a browser navigated here itself (a plain form post, without JavaScript; its
     * `Sec-Fetch-Mode: navigate` says so) rather than a script asking for data (`.data`).
     * A client that sends no Fetch Metadata gets the page drawn with the answer, as before.
     */
    documentRequest?: boolean;
    /** Names this request in the log and on its error page. */
    requestId?: string;
    /** The Content-Security-Policy nonce for the page's inline scripts. */
    cspNonce?: string;
    /**
     * Set when the request renders a page (not `.data`): stored HTML the page draws, kept out
     * of the data serialized for hydration beside it (decision 066, app/ui/sent-once.tsx).
     */
    sentOnce?: Map<string, string>;
    /**
     * A form was posted to the page drawn (not `.data`): its action's answer may open a form
     * in it, which the loader, run after the action, cannot see.
     */
    formPosted?: boolean;
    /** Markup drawn for parts of pages, kept by what it was drawn from (decision 078). */
    drawnParts?: DrawnParts;
    /** Keeps the rendered page for the next signed-out readers, when the cache may. */
    storePage?: (page: Pick<CachedPage, "status" | "headers" | "body">) => void;
  }
}

// V8 lets the heap grow to several times what is live before it collects: under load that was
// 250+ MB of heap for ~30 MB of live objects. Growing by half each time keeps the server near
// 180 MB at the same throughput (README → Decisions). Read at every collection, so it applies
// from here on. The young generation's size cannot be set here (V8 fixes it at start): that is
// `--max-semi-space-size` in package.json's start script (decision 075).
setFlagsFromString("--heap-growing-percent=50");

const config = orExit(env);
// Only `npm run dev` serves through Vite: a server under test (NODE_ENV=test, which lets a test
// set its clock) serves the build, exactly as production does.
const production = config.NODE_ENV !== "development";

orExit(() => prepareSiteToServe((line) => console.log(line)));

const viteDevServer = production
  ? undefined
  : await import("vite").then((vite) =>
      vite.createServer({ server: { middlewareMode: true } }),
    );

const build: ServerBuild | (() => Promise<ServerBuild>) = viteDevServer
  ? () =>
      viteDevServer.ssrLoadModule(
        "virtual:remix/server-build",
      ) as Promise<ServerBuild>
  : ((await import(
      pathToFileURL(resolve("build/server/index.js")).href
    )) as ServerBuild);

const app = express();
app.disable("x-powered-by");
// Only a configured proxy may say who the client is; otherwise a forged X-Forwarded-For
// could dodge a flood limit or a ban.
app.set(
  "trust proxy",
  config.TRUST_PROXY
    ? config.TRUST_PROXY.split(",").map((entry) => entry.trim())
    : false,
);
app.use(requestLogger());

// A connection of the cache's own: SQLite's data_version then moves for the server's writes too,
// so the cache reads the generations again only after someone wrote (README → Decisions).
const pageCacheConnection =
  config.DATABASE_PATH === ":memory:"
    ? null
    : openDatabase(config.DATABASE_PATH).$client;
const pageCache = new PageCache(pageCacheConnection ?? db().$client, {
  maxBytes: config.PAGE_CACHE_MB * 1024 * 1024,
  secret: serverSecret(),
});
// A character of a JavaScript string takes at most two bytes. In development Vite reloads the
// components that drew the parts, so none is kept.
const drawnParts = new DrawnParts(
  production ? (config.DRAWN_PARTS_MB * 1024 * 1024) / 2 : 0,
);
const withSecurityHeaders = securityHeaders({ development: !production });
app.use(pageCacheTickets(pageCache));
app.use(withSecurityHeaders);
app.use(refuseLegacyDataRequests());
// Before the routes and the page cache: a monitor's check is never cached or rendered as a page.
app.get("/healthz", healthCheckHandler(config.DATABASE_PATH));
// A post renamed at the writing desk: its old address redirects to the new one.
app.use(redirectRenamedPosts());
// Every state change is checked here, before any route runs, so no action can forget it.
app.use((req, res, next) => {
  if (isOneClickUnsubscribe(req.method, req.path)) {
    // Remix would refuse a foreign Origin with a 500; the link alone decides (see above).
    delete req.headers.origin;
    return next();
  }
  const origins = ownOrigins(
    config.SITE_URL,
    `${req.protocol}://${req.get("host")}`,
    !production,
  );
  const header = (name: string) => req.get(name);
  if (
    isAllowedOrigin(req.method, header, origins) &&
    originMatchesHost(req.method, header)
  )
    return next();
  res.status(403).type("text/plain").send(CROSS_SITE_MESSAGE);
});

// A body larger than any form (or, for an image upload, than an image) is refused with 413
// before a route reads it.
app.use(bodyLimit(maxBodyBytesFor));
app.use(serveCachedPages(pageCache));
app.use(compression());

if (viteDevServer) {
  app.use(viteDevServer.middlewares);
} else {
  // Fingerprinted by Vite: safe to cache for a year.
  app.use(
    "/assets",
    express.static("build/client/assets", { immutable: true, maxAge: "1y" }),
  );
  app.use(servePublicFiles("build/client", { maxAge: "1h" }));
}

const renderPage = createRequestHandler({
  build,
  mode: production ? "production" : "development",
  getLoadContext: (req, res) => {
    // A script's request for data, not for a page to draw.
    const dataRequest = req.path.endsWith(".data");
    return {
      clientAddress: req.ip ?? req.socket.remoteAddress ?? "",
      // A browser's own navigation (its Fetch Metadata says so), not a script's `.data` request.
      documentRequest: !dataRequest && req.get("Sec-Fetch-Mode") === "navigate",
      sentOnce: dataRequest ? undefined : new Map(),
      formPosted: !dataRequest && req.method !== "GET" && req.method !== "HEAD",
      requestId: (res.locals as RequestLocals).requestId,
      cspNonce: (res.locals as NonceLocals).cspNonce,
      storePage: pageStorer(pageCache, res),
      drawnParts,
    };
  },
});
app.all(
  "*",
  limitConcurrentRenders(MAX_CONCURRENT_RENDERS),
  // Each page notes whether it was drawn for someone: the page cache keeps only the others.
  (req, res, next) => drawPage(() => renderPage(req, res, next)),
);

// What Express would say of a request, for the fast path that answers before Express runs.
const trustsProxy = app.get("trust proxy fn") as (
  address: string | undefined,
  hop: number,
) => boolean;
const answerFromCache = fastCachedPages(pageCache, {
  securityHeaders: (nonce, secure) =>
    securityHeadersFor(withSecurityHeaders, nonce, secure),
  // The header first: most requests carry none, and checking the proxy parses an address.
  isSecure: (req) => {
    const proto = req.headers["x-forwarded-proto"];
    return (
      typeof proto === "string" &&
      proto.split(",")[0]!.trim() === "https" &&
      trustsProxy(req.socket.remoteAddress, 0)
    );
  },
  acceptsGzip: (req) =>
    req.headers["accept-encoding"] !== undefined &&
    express.request.acceptsEncodings.call(req, "gzip", "identity") === "gzip",
  requestId: newRequestId,
});

const server = createServer((req, res) => {
  if (!answerFromCache(req, res)) app(req, res);
});
server.listen(config.PORT, config.HOST, () => {
  const address = server.address();
  const port =
    typeof address === "object" && address ? address.port : config.PORT;
  const host = config.HOST.includes(":") ? `[${config.HOST}]` : config.HOST;
  log("info", `Lookout is listening on http://${host}:${port}`);
});
server.on("checkContinue", continueWithinLimit(maxBodyBytesFor, app));
// Closed before the shutdown closes the main connection, which folds the log into the file.
server.once("close", () => pageCacheConnection?.close());
exitOnListenError(server);
// Queued mail is sent from here, never while a request waits; what a stop interrupts stays queued.
const mailWorker = startMailWorker(db());
// Moderators' digests and reminders are queued from here, once a minute.
const moderatorAlerts = startModeratorAlerts(
  db(),
  config.ALERT_REMINDER_HOURS * 60 * 60_000,
);
// Followers' hourly and weekly batches, and new posts of followed areas and tags, once a minute.
const followMail = startFollowMail(db());
stopGracefullyOnSignals(
  server,
  (line) => log("info", line),
  () => {
    moderatorAlerts.stop();
    followMail.stop();
    return mailWorker.stop();
  },
);
