// An image upload while the disk is full: the write of the file fails with ENOSPC, as the file
// system reports it. The editor is told why, with when to try again, and no part of a file is
// left behind.
import { readdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { IMAGE_MESSAGES } from "~/domain/image-upload";
import { DISK_FULL_RETRY_SECONDS } from "~/platform/disk-space.server";
import { action } from "~/routes/write.images";
import { makeUser, sessionCookieFor } from "../helpers/accounts";
import { useTempSite } from "../helpers/temp-site";

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return { ...actual, writeFile: vi.fn(actual.writeFile) };
});

const site = useTempSite();
let cookie: string;

beforeAll(async () => {
  cookie = await sessionCookieFor((await makeUser("editor")).id);
});

async function upload(): Promise<Response> {
  const form = new FormData();
  const png = await sharp({
    create: { width: 20, height: 20, channels: 3, background: "#000000" },
  })
    .png()
    .toBuffer();
  form.append("image", new File([new Uint8Array(png)], "map.png"));
  form.append("alt", "A map");
  const response = await action({
    request: new Request("http://localhost/write/images", {
      method: "POST",
      headers: { Cookie: cookie, Accept: "application/json" },
      body: form,
    }),
    params: {},
    context: { clientAddress: "127.0.0.1" },
  });
  if (!(response instanceof Response)) throw new Error("expected a Response");
  return response;
}

const imagesFolder = () => join(site.contentDir, "posts", "images");

describe("an image upload while the disk is full", () => {
  it("is refused with 503 and Retry-After, saying why, leaving no file", async () => {
    vi.mocked(writeFile).mockRejectedValueOnce(
      Object.assign(new Error("ENOSPC: no space left on device, write"), {
        code: "ENOSPC",
      }),
    );
    const response = await upload();
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe(
      String(DISK_FULL_RETRY_SECONDS),
    );
    expect(await response.json()).toEqual({
      ok: false,
      errors: { form: IMAGE_MESSAGES.diskFull },
    });
    expect(readdirSync(imagesFolder())).toEqual([]);
  });

  it("succeeds once there is room again (the control)", async () => {
    const response = await upload();
    expect(response.status).toBe(200);
    expect(readdirSync(imagesFolder())).toHaveLength(1);
  });
});
