/**
 * The floor of the stack: each page's stored bytes and headers answered from memory, with no
 * cache check, no log and nothing else, by Express (`FLOOR=express`) or by Node's own http server
 * (`FLOOR=node`): what a cached page could cost at best on each. Started by the benchmark with
 * PORT, FLOOR and PAGES_FILE (a JSON list of { path, bodyFile, headers }); prints "listening".
 */
import { createServer, type RequestListener } from "node:http";
import { readFileSync } from "node:fs";
import express from "express";

type Page = { path: string; bodyFile: string; headers: [string, string][] };

const pages = new Map(
  (JSON.parse(readFileSync(process.env.PAGES_FILE!, "utf8")) as Page[]).map(
    (page) => {
      const body = readFileSync(page.bodyFile);
      const flat = [
        ...page.headers.flat(),
        "Content-Length",
        String(body.length),
      ];
      return [page.path, { body, flat }] as const;
    },
  ),
);

let handler: RequestListener;
if (process.env.FLOOR === "node") {
  handler = (req, res) => {
    const page = pages.get(req.url ?? "");
    if (!page) return res.writeHead(404).end();
    res.writeHead(200, page.flat);
    res.end(page.body);
  };
} else {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  app.get("*", (req, res) => {
    const page = pages.get(req.url);
    if (!page) return res.status(404).end();
    for (let index = 0; index < page.flat.length; index += 2)
      res.setHeader(page.flat[index]!, page.flat[index + 1]!);
    res.end(page.body);
  });
  handler = app;
}
const server = createServer(handler).listen(
  Number(process.env.PORT),
  "127.0.0.1",
  () => process.stdout.write("listening\n"),
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
