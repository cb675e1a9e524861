// The dashboard served by the server: the SPA at `/` with index.html for client-side routes, the API still under
// /api, `ui-settings`, PREFECT_UI_ENABLED=false, and the runs page opened in Chromium without errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { openPage, screenshot, seriousViolations, startUiServer, type UiServer, sharedBrowser } from "./ui-browser.js";

describe("the dashboard served by the server", () => {
  let ui: UiServer;
  let browser: Browser;
  beforeAll(async () => {
    [ui, browser] = await Promise.all([startUiServer(), sharedBrowser()]);
  });
  afterAll(async () => {
    await ui?.close();
  });

  it("serves index.html at / and at client-side routes, assets, ui-settings, and leaves /api to the API", async () => {
    const root = await fetch(`${ui.server.url}/`);
    expect(root.status).toBe(200);
    expect(root.headers.get("content-type")).toContain("text/html");
    const html = await root.text();
    expect(html).toContain('<base href="/" />');
    const deep = await fetch(`${ui.server.url}/runs/flow-run/0b5e9fd0-0000-4000-8000-000000000000`);
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe(html);
    const asset = html.match(/src="\.\/(assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    const js = await fetch(`${ui.server.url}/${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toContain("javascript");
    expect(await (await fetch(`${ui.server.url}/ui-settings`)).json()).toEqual({
      api_url: "/api",
      csrf_enabled: false,
      auth: null,
      flags: [],
    });
    expect(await (await fetch(`${ui.server.url}/api/health`)).json()).toBe(true);
    const missing = await fetch(`${ui.server.url}/api/nothing/here`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ detail: "Not Found" });
    expect((await fetch(`${ui.server.url}/assets/missing.js`)).status).toBe(404);
  });

  it("opens the runs page in Chromium with no console error, no failed request and no serious axe violation", async () => {
    const { page, problems, close } = await openPage(browser);
    await page.goto(ui.server.url);
    await page.getByRole("heading", { name: "Runs", exact: true }).waitFor();
    await page.getByText("No flow runs yet").waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "runs-empty");
    expect(problems).toEqual([]);
    await close();
  });
});

describe("PREFECT_UI_ENABLED=false (startServer ui: false)", () => {
  it("serves the API only", async () => {
    const ui = await startUiServer({ ui: false });
    try {
      const root = await fetch(`${ui.server.url}/`);
      expect(root.status).toBe(404);
      expect(await root.json()).toEqual({ detail: "Not Found" });
      expect(await (await fetch(`${ui.server.apiUrl}/health`)).json()).toBe(true);
    } finally {
      await ui.close();
    }
  });
});

describe("PREFECT_UI_SERVE_BASE", () => {
  it("serves the dashboard under the base, with the base in <base href> and ui-settings", async () => {
    const ui = await startUiServer({ ui: { serveBase: "/prefect" } });
    try {
      expect((await fetch(`${ui.server.url}/prefect`, { redirect: "manual" })).headers.get("location")).toBe(
        "/prefect/",
      );
      expect((await fetch(`${ui.server.url}/prefect/`, { redirect: "manual" })).status).toBe(200);
      const html = await (await fetch(`${ui.server.url}/prefect/runs`)).text();
      expect(html).toContain('<base href="/prefect/" />');
      expect(await (await fetch(`${ui.server.url}/prefect/ui-settings`)).json()).toMatchObject({
        api_url: "/prefect/api",
      });
      expect((await fetch(`${ui.server.url}/`)).status).toBe(404);
    } finally {
      await ui.close();
    }
  });
});
