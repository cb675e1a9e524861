// The dashboard's settings page (version, API URL, the server's settings with secrets masked) and a server with an auth string: the dashboard asks for it
// once, refuses a wrong one, and keeps the right one for the tab (sessionStorage), not beyond.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { resolveSettings } from "../../src/settings/index.js";
import { openPage, screenshot, seriousViolations, startUiServer, type UiServer, sharedBrowser } from "./ui-browser.js";

describe("settings and auth in the dashboard", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await sharedBrowser();
  });
  afterAll(async () => {});

  it("shows the server version, the API URL and the server's settings with secrets masked", async () => {
    // The settings as `server start` hands them to the server, with a secret among them.
    const settings = resolveSettings({
      env: { PREFECT_HOME: "/srv/prefect", PREFECT_API_KEY: "pnu_very_secret", PREFECT_SERVER_API_PORT: "4321" },
    });
    const ui = await startUiServer({ settings });
    try {
      const { page, problems, close } = await openPage(browser);
      await page.goto(`${ui.server.url}/settings`);
      const version = await ui.client.readServerVersion();
      await page.getByTestId("server-version").getByText(version).waitFor();
      expect(await page.getByTestId("api-url").textContent()).toBe(ui.server.apiUrl);
      const table = page.getByTestId("server-settings");
      await table.getByRole("row", { name: "server.api.port 4321" }).waitFor();
      await table.getByRole("row", { name: "home /srv/prefect" }).waitFor();
      await table.getByRole("row", { name: "api.key ********" }).waitFor();
      expect(await table.textContent()).not.toContain("pnu_very_secret");
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "settings");
      expect(problems).toEqual([]);
      await close();
    } finally {
      await ui.close();
    }
  });

  describe("on a server with PREFECT_SERVER_API_AUTH_STRING", () => {
    let ui: UiServer;
    beforeAll(async () => {
      ui = await startUiServer({ authString: "admin:s3cret" });
    });
    afterAll(() => ui?.close());

    it("asks for the auth string once, refuses a wrong one, and keeps the right one for the tab only", async () => {
      expect(await (await fetch(`${ui.server.url}/ui-settings`)).json()).toMatchObject({ auth: "BASIC" });
      const { page, problems, close } = await openPage(browser);
      await page.goto(`${ui.server.url}/runs`);
      const input = page.getByLabel("Auth string");
      await input.waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, "auth-prompt");

      await input.fill("admin:wrong");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("alert").getByText("did not accept").waitFor();
      await input.fill("admin:s3cret");
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("heading", { name: "Runs", exact: true }).waitFor();
      await page.getByText("No flow runs yet").waitFor();

      await page.reload();
      await page.getByText("No flow runs yet").waitFor();
      expect(await page.getByLabel("Auth string").count()).toBe(0);
      // The wrong attempt answered 401 on purpose; nothing else may fail.
      expect(problems.filter((problem) => !problem.includes("401"))).toEqual([]);

      // Another tab asks again: opened while this one is still open, it is a tab never used before.
      const other = await openPage(browser);
      await other.page.goto(`${ui.server.url}/runs`);
      await other.page.getByLabel("Auth string").waitFor();
      await Promise.all([other.close(), close()]);
    });
  });
});
