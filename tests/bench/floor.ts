/**
 * The floor of the stack: Express answering every GET with one fixed buffer, as the page cache
 * would at best. Started by the benchmark with PORT and BODY_FILE; prints "listening" once ready.
 */
import { readFileSync } from "node:fs";
import express from "express";

const body = readFileSync(process.env.BODY_FILE!);
const app = express();
app.disable("x-powered-by");
app.get("*", (_req, res) => {
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.setHeader("Content-Length", body.length);
  res.end(body);
});
const server = app.listen(Number(process.env.PORT), "127.0.0.1", () =>
  process.stdout.write("listening\n"),
);
process.on("SIGTERM", () => server.close(() => process.exit(0)));
