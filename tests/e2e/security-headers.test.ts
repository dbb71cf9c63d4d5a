// The headers every response carries, the Content-Security-Policy enforced by a real Chromium,
// and the structured log with the request id an error page shows.
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  launchBrowser,
  recordPageProblems,
  waitForHydration,
  type LaunchedBrowser,
} from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

const POST = "/posts/phone-and-courier-scams";

let server: RunningServer;

beforeAll(async () => {
  // Trusting the loopback proxy lets a test say the request came over HTTPS.
  server = await startServer({ env: { TRUST_PROXY: "loopback" } });
});

afterAll(async () => {
  await server?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(server.url + path, { headers, redirect: "manual" });

function cspDirectives(response: Response): Map<string, string> {
  const policy = response.headers.get("Content-Security-Policy") ?? "";
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values.join(" ")]),
  );
}

describe("security headers", () => {
  it("are on pages, assets, feeds, 404s and refused posts alike", async () => {
    const home = await get("/");
    const asset = /\/assets\/[\w.-]+\.js/.exec(await home.text())?.[0];
    expect(asset).toBeDefined();
    const responses = [
      home,
      await get(POST),
      await get(asset!),
      await get("/feed.xml"),
      await get("/posts/no-such-post"),
      await fetch(server.url + POST, {
        method: "POST",
        headers: { Origin: "https://elsewhere.example" },
        body: new URLSearchParams({ intent: "comment" }),
      }),
    ];
    expect(responses.map((response) => response.status)).toEqual([
      200, 200, 200, 200, 404, 403,
    ]);
    for (const response of responses) {
      const csp = cspDirectives(response);
      expect(csp.get("default-src")).toBe("'self'");
      expect(csp.get("script-src")).toMatch(/^'self' 'nonce-[\w-]{16,}'$/);
      expect(csp.get("script-src-attr")).toBe("'none'");
      expect(csp.get("object-src")).toBe("'none'");
      expect(csp.get("frame-ancestors")).toBe("'none'");
      expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(response.headers.get("X-Frame-Options")).toBe("DENY");
      expect(response.headers.get("Referrer-Policy")).toBe("same-origin");
      expect(response.headers.get("Permissions-Policy")).toContain("camera=()");
      expect(response.headers.get("Permissions-Policy")).toContain(
        "geolocation=()",
      );
      expect(response.headers.get("X-Request-Id")).toMatch(/^[0-9a-f]{12}$/);
      // Plain HTTP: a browser would ignore HSTS here, so it is not sent.
      expect(response.headers.get("Strict-Transport-Security")).toBeNull();
    }
  });

  it("send HSTS when the trusted proxy says the request came over HTTPS", async () => {
    const response = await get("/", { "X-Forwarded-Proto": "https" });
    expect(response.headers.get("Strict-Transport-Security")).toBe(
      "max-age=31536000; includeSubDomains",
    );
  });

  it("give every inline script of a page the nonce its policy names", async () => {
    const response = await get(POST);
    const nonce = /'nonce-([\w-]+)'/.exec(
      cspDirectives(response).get("script-src") ?? "",
    )?.[1];
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map(
      (match) => match[1] ?? "",
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) {
      expect(attributes).toContain(`nonce="${nonce}"`);
    }
  });
});

describe("the Content-Security-Policy in Chromium", () => {
  let browser: LaunchedBrowser;

  beforeAll(async () => {
    browser = await launchBrowser({ javaScriptEnabled: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("lets the app's own scripts run and hydrate, with no violation reported", async () => {
    const page = await browser.context.newPage();
    const problems = recordPageProblems(page);
    await page.goto(server.url + POST);
    await waitForHydration(page);
    // A client-side navigation: the app's scripts are fully working.
    await page.getByRole("link", { name: "Latest" }).first().click();
    await page.waitForURL(server.url + "/");
    expect(problems.list()).toEqual([]);
    problems.dispose();
    await page.close();
  });

  it("stops script that gets into a page: inline handlers and inline script elements", async () => {
    const page = await browser.context.newPage();
    await page.goto(server.url + POST);
    await waitForHydration(page);
    await page.evaluate(() => {
      const marker = window as unknown as Record<string, unknown>;
      marker.ranHandler = false;
      marker.ranScript = false;
      marker.refusals = 0;
      marker.imageFailed = false;
      document.addEventListener("securitypolicyviolation", () => {
        marker.refusals = (marker.refusals as number) + 1;
      });
      document.body.insertAdjacentHTML(
        "beforeend",
        '<img id="broken" src="/no-such-image.png" onerror="window.ranHandler = true">',
      );
      // The control: a listener the page itself adds runs on the same error event, after the
      // inline handler's turn.
      document.getElementById("broken")!.addEventListener("error", () => {
        marker.imageFailed = true;
      });
      const script = document.createElement("script");
      script.textContent = "window.ranScript = true";
      document.body.append(script);
    });
    // Until the image has failed and both refusals are reported, or either ran.
    await page.waitForFunction(
      () => {
        const marker = window as unknown as Record<string, unknown>;
        return (
          marker.imageFailed === true &&
          ((marker.refusals as number) >= 2 ||
            marker.ranHandler === true ||
            marker.ranScript === true)
        );
      },
      undefined,
      { timeout: 10_000 },
    );
    expect(
      await page.evaluate(() => {
        const marker = window as unknown as Record<string, unknown>;
        return [marker.ranHandler, marker.ranScript, marker.refusals];
      }),
    ).toEqual([false, false, 2]);
    await page.close();
  });
});

describe("when something goes wrong", () => {
  it("shows a generic page with a reference that names the detail in the server log", async () => {
    // Break the database under the running server: a tag page's query now fails.
    const database = new Database(server.databasePath);
    database.exec("DROP TABLE post_tags");
    database.close();

    const response = await get("/tags/scams");
    expect(response.status).toBe(500);
    const requestId = response.headers.get("X-Request-Id")!;
    const html = await response.text();
    expect(html).toContain("Something went wrong");
    expect(html).toContain(requestId);
    expect(html).not.toMatch(/post_tags|no such table|at \w+ \(/);

    const logLines = () =>
      server
        .logs()
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    const errorLine = () =>
      logLines().find(
        (line) => line.level === "error" && line.requestId === requestId,
      );
    // The server's output reaches the test on its own pipe, a moment after the response.
    await expect.poll(() => String(errorLine()?.error)).toContain("post_tags");
    const lines = logLines();
    // Log lines carry no client address, cookie or query string.
    for (const line of lines) {
      expect(Object.keys(line)).not.toContain("ip");
      expect(JSON.stringify(line)).not.toMatch(/lookout_(?:session|guest)=/);
    }
  });
});
