import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import helmet from "helmet";

/** The nonce of the page being answered: set on res.locals before these headers are written. */
export type NonceLocals = { cspNonce: string };

function nonceOf(_req: IncomingMessage, res: ServerResponse): string {
  const { cspNonce } = (res as ServerResponse & { locals: NonceLocals }).locals;
  return `'nonce-${cspNonce}'`;
}

/** Features no page of the site uses: nobody's script may ask for them. */
const PERMISSIONS_POLICY = [
  "accelerometer=()",
  "camera=()",
  "display-capture=()",
  "geolocation=()",
  "gyroscope=()",
  "magnetometer=()",
  "microphone=()",
  "payment=()",
  "usb=()",
].join(", ");

/**
 * The headers every response carries. Scripts run only from the site itself or with this
 * page's nonce (Remix's inline scripts), so an inline event handler or an injected script
 * never runs even if one slipped past the sanitizer. Authors' pictures may come from other
 * HTTPS sites; nothing else does. HSTS only when the request came over HTTPS, where a browser
 * heeds it.
 */
export function securityHeaders(options: {
  development: boolean;
}): RequestHandler[] {
  const withHelmet = helmet({
    contentSecurityPolicy: options.development
      ? false // Vite's dev client injects inline scripts without a nonce.
      : {
          useDefaults: false,
          directives: {
            defaultSrc: ["'self'"],
            scriptSrc: ["'self'", nonceOf],
            scriptSrcAttr: ["'none'"],
            styleSrc: ["'self'"],
            imgSrc: ["'self'", "https:"],
            fontSrc: ["'self'"],
            connectSrc: ["'self'"],
            objectSrc: ["'none'"],
            baseUri: ["'self'"],
            formAction: ["'self'"],
            frameAncestors: ["'none'"],
          },
        },
    strictTransportSecurity: false,
    xFrameOptions: { action: "deny" },
    // "same-origin" rather than "no-referrer": with no-referrer a browser sends `Origin: null`
    // on a form post, and the same-origin check would refuse every form.
    referrerPolicy: { policy: "same-origin" },
  });
  const hsts = helmet.strictTransportSecurity({ maxAge: 31_536_000 });
  return [
    withHelmet,
    (req, res, next) => {
      res.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
      if (req.secure) hsts(req, res, next);
      else next();
    },
  ];
}

/**
 * The headers securityHeaders() writes for a page carrying this nonce, worked out once so a
 * cached page can be sent with them already made.
 */
export function securityHeadersFor(
  handlers: RequestHandler[],
  nonce: string,
  secure: boolean,
): [string, string][] {
  const headers = new Map<string, [string, string]>();
  const res = {
    locals: { cspNonce: nonce },
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), [name, String(value)]);
      return res;
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
    getHeader(name: string) {
      return headers.get(name.toLowerCase())?.[1];
    },
  };
  const req = { secure, headers: {} };
  for (const handler of handlers) {
    let passed = false;
    handler(req as never, res as never, () => (passed = true));
    // Every handler here is synchronous: one that did not call next() at once is not known here.
    if (!passed)
      throw new Error("a security header handler did not finish at once");
  }
  return [...headers.values()];
}
