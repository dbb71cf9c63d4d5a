// "Save my name and email in this browser": opt-in, kept by the browser, and forgotten on request.
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { waitForHydration, withPagePerTest } from "../helpers/browser";
import { startServer, type RunningServer } from "../helpers/server";

const WAIT = { timeout: 15_000 };
const POST = "phone-and-courier-scams";
const LABEL =
  "Save my name and email in this browser for the next time I comment";

let server: RunningServer;
beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("a guest's saved details with JavaScript", () => {
  let page: Page;
  withPagePerTest({ javaScriptEnabled: true }, (opened) => {
    page = opened.page;
  });

  async function openPost() {
    await page.goto(`${server.url}/posts/${POST}`);
    await waitForHydration(page);
    return page.locator("form#new");
  }

  test("are saved only when asked, filled in next time, and forgotten when unticked", async () => {
    let form = await openPost();
    const box = form.getByLabel(LABEL);
    await box.waitFor(WAIT);
    expect(await box.isChecked()).toBe(false);
    await form.getByLabel("Name (optional)").fill("Gwen Guest");
    await form
      .getByLabel("Email (optional, never shown)")
      .fill("gwen@example.org");
    await form
      .getByLabel("Comment", { exact: true })
      .fill(`Saved details ${Date.now()}`);
    await form.getByRole("button", { name: "Preview" }).click();
    await form.locator(".preview").waitFor(WAIT);

    // Not ticked: nothing is kept.
    form = await openPost();
    await form.getByLabel(LABEL).waitFor(WAIT);
    expect(await form.getByLabel("Name (optional)").inputValue()).toBe("");

    await form.getByLabel("Name (optional)").fill("Gwen Guest");
    await form
      .getByLabel("Email (optional, never shown)")
      .fill("gwen@example.org");
    await form.getByLabel(LABEL).check();
    await form
      .getByLabel("Comment", { exact: true })
      .fill(`Saved details ${Date.now()}`);
    await form.getByRole("button", { name: "Preview" }).click();
    await form.locator(".preview").waitFor(WAIT);

    form = await openPost();
    await form.getByLabel(LABEL).waitFor(WAIT);
    expect(await form.getByLabel("Name (optional)").inputValue()).toBe(
      "Gwen Guest",
    );
    expect(
      await form.getByLabel("Email (optional, never shown)").inputValue(),
    ).toBe("gwen@example.org");
    expect(await form.getByLabel(LABEL).isChecked()).toBe(true);

    await form.getByLabel(LABEL).uncheck();
    form = await openPost();
    await form.getByLabel(LABEL).waitFor(WAIT);
    expect(await form.getByLabel("Name (optional)").inputValue()).toBe("");
    expect(await form.getByLabel(LABEL).isChecked()).toBe(false);
  });
});

describe("a guest's saved details without JavaScript", () => {
  let page: Page;
  withPagePerTest({ javaScriptEnabled: false }, (opened) => {
    page = opened.page;
  });

  test("are not offered, since only the browser's scripts could keep them", async () => {
    await page.goto(`${server.url}/posts/${POST}`);
    const form = page.locator("form#new");
    await form.getByLabel("Name (optional)").waitFor(WAIT);
    expect(await form.getByLabel(LABEL).count()).toBe(0);
  });
});

describe("the save-details checkbox on a phone", () => {
  let page: Page;
  withPagePerTest({ javaScriptEnabled: true }, (opened) => {
    page = opened.page;
  });

  test("sits beside its label at 360 pixels, the size of a checkbox", async () => {
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto(`${server.url}/posts/${POST}`);
    await waitForHydration(page);
    const form = page.locator("form#new");
    const box = await form.getByLabel(LABEL).boundingBox();
    const label = await form.locator("label", { hasText: LABEL }).boundingBox();
    // The control: a text field in the same form spans the form's width.
    const name = await form.getByLabel("Name (optional)").boundingBox();
    expect(name!.width).toBeGreaterThan(200);
    expect(box!.width).toBeLessThan(30);
    expect(label!.x - (box!.x + box!.width)).toBeLessThan(16);
  });
});
