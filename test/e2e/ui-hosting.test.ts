// The dashboard on the long-lived embedded hosts: `serve()` and `worker start` on the embedded database (no
// PREFECT_API_URL) print `Dashboard: <url>` for the loopback API they serve, and the page opens there signed in;
// PREFECT_UI_ENABLED=false serves the loopback API only.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { closeEmbeddedServers, openEmbeddedServer } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { waitFor } from "../../src/testing/index.js";
import { TS_RUN } from "../helpers/cli-entry.js";
import { cliEnv, ROOT, startCli } from "./cli-helpers.js";
import { openPage, screenshot, seriousViolations, sharedBrowser } from "./ui-browser.js";

const DASHBOARD_LINE = /^Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\S*)$/m;

describe("the dashboard of serve() and worker start on the embedded database", () => {
  let browser: Browser;
  let home: string;
  let served: ChildProcess | undefined;
  beforeAll(async () => {
    [browser, home] = await Promise.all([sharedBrowser(), mkdtemp(join(tmpdir(), "prefect-ts-ui-host-"))]);
  });
  afterAll(async () => {
    if (served && served.exitCode === null) served.kill("SIGKILL");
    await rm(home, { recursive: true, force: true });
  });

  it("serve() prints the dashboard's URL; it opens signed in on the served deployment, with no auth prompt", async () => {
    let output = "";
    served = spawn(process.execPath, [...TS_RUN, join(ROOT, "test/fixtures/ui/hello-served.ts")], {
      cwd: ROOT,
      env: cliEnv({ PREFECT_HOME: home }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    served.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    served.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const url = await waitFor(() => DASHBOARD_LINE.exec(output)?.[1], {
      timeoutMs: 60_000,
      message: `serve() to print its dashboard (output: ${output})`,
    });
    expect(url).toMatch(/\/#auth=prefect-ts%3A/);

    const { page, problems, close } = await openPage(browser);
    const heard: string[] = [];
    page.on("websocket", (socket) => socket.on("framereceived", ({ payload }) => heard.push(String(payload))));
    await page.goto(url);
    await page.getByRole("heading", { name: "Runs", exact: true }).waitFor();
    // The tab's auth string also signs its events websocket in (Prefect's auth message).
    await expect.poll(() => heard.some((frame) => frame.includes('"auth_success"'))).toBe(true);
    // The auth string went from the address bar into the tab.
    expect(page.url()).not.toContain("auth=");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Deployments" }).click();
    await page.getByRole("table", { name: "Deployments" }).getByRole("link", { name: "greetings" }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, "serve-dashboard");
    // A reload keeps the tab signed in.
    await page.reload();
    await page.getByRole("table", { name: "Deployments" }).getByRole("link", { name: "greetings" }).waitFor();
    expect(problems).toEqual([]);
    await close();
    served.kill("SIGINT");
  }, 120_000);

  it("worker start on the embedded database prints the dashboard's URL with its start message", async () => {
    const worker = startCli(["worker", "start", "--pool", "local", "--type", "process"], { PREFECT_HOME: home });
    try {
      const url = await waitFor(() => DASHBOARD_LINE.exec(worker.output())?.[1], {
        timeoutMs: 60_000,
        message: `the worker's dashboard line (output: ${worker.output()})`,
      });
      expect(worker.output()).toMatch(/Worker '.*' started!\nDashboard: /);
      const page = await fetch(url.replace(/#.*/, ""));
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<base href="/" />');
    } finally {
      worker.child.kill("SIGINT");
      await worker.exited;
    }
  }, 90_000);
});

describe("the loopback API of an embedded host", () => {
  afterAll(() => closeEmbeddedServers());

  it("serves the dashboard beside the API, and only the API with PREFECT_UI_ENABLED=false", async () => {
    const home = await mkdtemp(join(tmpdir(), "prefect-ts-ui-loopback-"));
    try {
      const on = await openEmbeddedServer({
        settings: resolveSettings({ env: { PREFECT_HOME: home } }),
      })!.serveOnLoopback();
      const off = await openEmbeddedServer({
        settings: resolveSettings({ env: { PREFECT_HOME: home, PREFECT_UI_ENABLED: "false" } }),
      })!.serveOnLoopback();
      try {
        expect(on.dashboardUrl).toBe(`${on.apiUrl.replace(/\/api$/, "")}/#auth=${encodeURIComponent(on.authString)}`);
        expect(await (await fetch(`${on.apiUrl.replace(/\/api$/, "")}/ui-settings`)).json()).toMatchObject({
          auth: "BASIC",
        });
        expect(off.dashboardUrl).toBeUndefined();
        // Without the dashboard, `/` is a path the (authenticated) API does not have.
        const authorization = `Basic ${Buffer.from(off.authString).toString("base64")}`;
        const root = await fetch(off.apiUrl.replace(/\/api$/, "/"), { headers: { authorization } });
        expect(root.status).toBe(404);
        expect(await root.json()).toEqual({ detail: "Not Found" });
      } finally {
        await Promise.all([on.close(), off.close()]);
      }
    } finally {
      await closeEmbeddedServers();
      await rm(home, { recursive: true, force: true });
    }
  });
});
