// An image upload through the built server: the one address allowed a body larger than a form,
// the image then served by /media without its GPS, and the page a browser without JavaScript
// gets, with the site's stylesheet.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_IMAGE_UPLOAD_BODY_BYTES } from "~/domain/image-upload";
import { MAX_REQUEST_BODY_BYTES } from "~/server/body-limit.server";
import { createAdmin } from "../helpers/admin";
import { REPO_ROOT, startServer, type RunningServer } from "../helpers/server";

const ADMIN = {
  email: "writer@example.org",
  name: "Site Writer",
  password: "a long enough writing password",
};
const root = mkdtempSync(join(tmpdir(), "lookout-upload-"));
let server: RunningServer;
let cookie: string;
let photo: Buffer;

beforeAll(async () => {
  // Uploads are written into the content folder: a copy, not the repository's own.
  cpSync(join(REPO_ROOT, "content"), join(root, "content"), {
    recursive: true,
  });
  server = await startServer({ contentDir: join(root, "content") });
  await createAdmin(server, ADMIN);
  const signedIn = await fetch(server.url + "/sign-in", {
    method: "POST",
    headers: {
      Origin: server.url,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({ ...ADMIN, redirectTo: "/" }),
    redirect: "manual",
  });
  cookie = signedIn.headers.get("Set-Cookie")!.split(";")[0]!;
  // Noise does not compress: a photo-sized JPEG, well over the limit on a form.
  const width = 2400;
  const height = 1400;
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i += 1) noise[i] = (i * 2654435761) >>> 24;
  photo = await sharp(noise, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 95 })
    .withExif({
      IFD0: { Make: "LookoutTestCam" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 2620/100" },
    })
    .toBuffer();
}, 120_000);

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

function upload(alt: string, accept?: string) {
  const form = new FormData();
  form.append(
    "image",
    new File([new Uint8Array(photo)], "IMG_2001.JPG", { type: "image/jpeg" }),
  );
  form.append("alt", alt);
  return fetch(`${server.url}/write/images?return=%2Fwrite`, {
    method: "POST",
    headers: {
      Origin: server.url,
      Cookie: cookie,
      ...(accept ? { Accept: accept } : {}),
    },
    body: form,
  });
}

describe("an image upload over HTTP", () => {
  it("takes a photo larger than any form, and /media serves it resized, without its GPS", async () => {
    expect(photo.length).toBeGreaterThan(MAX_REQUEST_BODY_BYTES);
    // The image library's memory is taken at the first upload, not at start.
    const librariesLoaded = () =>
      readFileSync(`/proc/${server.pid}/maps`, "utf8").includes("libvips");
    expect(librariesLoaded()).toBe(false);
    const response = await upload(
      "Noise on the high street",
      "application/json",
    );
    expect(response.status).toBe(200);
    expect(librariesLoaded()).toBe(true);
    const answer = (await response.json()) as { path: string; width: number };
    expect(answer.width).toBe(1600);
    const image = await fetch(`${server.url}/media/${answer.path}`);
    expect(image.status).toBe(200);
    expect(image.headers.get("Content-Type")).toBe("image/jpeg");
    const served = Buffer.from(await image.arrayBuffer());
    const metadata = await sharp(served).metadata();
    expect(metadata.width).toBe(1600);
    expect(metadata.exif).toBeUndefined();
    expect(served.includes("LookoutTestCam")).toBe(false);
  });

  it("keeps the 1 MiB limit everywhere else: the same size to the preview is 413", async () => {
    const response = await fetch(`${server.url}/write/preview`, {
      method: "POST",
      headers: {
        Origin: server.url,
        Cookie: cookie,
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ body: "a".repeat(photo.length) }),
    });
    expect(response.status).toBe(413);
  });

  it("refuses a declared body over the upload's own limit with 413, before it is sent", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(`${server.url}/write/images`);
      const request = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: {
            Origin: server.url,
            Cookie: cookie,
            "Content-Type": "multipart/form-data; boundary=x",
            "Content-Length": String(MAX_IMAGE_UPLOAD_BODY_BYTES + 1),
          },
          timeout: 15_000,
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      request.on("timeout", () =>
        request.destroy(new Error("no answer in 15 s")),
      );
      request.on("error", reject);
      request.flushHeaders();
    });
    expect(status).toBe(413);
  });

  it("answers a browser without JavaScript with a page that has the Markdown and the site's stylesheet", async () => {
    const response = await upload("The corner shop");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(response.headers.get("Content-Security-Policy")).toContain(
      "default-src 'self'",
    );
    const html = await response.text();
    expect(html).toMatch(
      /!\[The corner shop\]\(images\/the-corner-shop-[0-9a-f]{12}\.jpg\)/,
    );
    const stylesheet = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    expect(stylesheet).toMatch(/^\/assets\/.+\.css$/);
    const css = await fetch(server.url + stylesheet);
    expect(css.status).toBe(200);
    expect(css.headers.get("Content-Type")).toMatch(/^text\/css/);
  });
});
