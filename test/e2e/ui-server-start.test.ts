// `prefect-ts server start` and the dashboard: it prints `Dashboard: <url>` and serves the page there;
// PREFECT_UI_ENABLED=false serves the API only and prints no dashboard line.
import { rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startCli, tempHome, waitUntil } from "./cli-helpers.js";

let home: string | undefined;
afterEach(() => {
  if (home !== undefined) rmSync(home, { recursive: true, force: true });
});

/** Starts `server start --port 0` with `env` and waits for its API URL line. */
async function start(env: Record<string, string>): Promise<{ server: ReturnType<typeof startCli>; url: string }> {
  home = tempHome();
  const server = startCli(["server", "start", "--port", "0"], { PREFECT_HOME: home, ...env });
  const match = await waitUntil(
    () => {
      if (server.child.exitCode !== null)
        throw new Error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
      return /PREFECT_API_URL=(\S+)\/api/.exec(server.output());
    },
    { timeoutMs: 60_000, message: "the server to print PREFECT_API_URL" },
  );
  return { server, url: match[1] as string };
}

describe("prefect-ts server start serves the dashboard", () => {
  it("prints Dashboard: <url> and serves the page at /", async () => {
    const { server, url } = await start({});
    try {
      expect(server.output()).toContain(`Dashboard: ${url}\n`);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("with PREFECT_UI_ENABLED=false prints no dashboard and answers / with the API's 404", async () => {
    const { server, url } = await start({ PREFECT_UI_ENABLED: "false" });
    try {
      expect(server.output()).not.toContain("Dashboard:");
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(404);
      expect(await page.json()).toEqual({ detail: "Not Found" });
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });

  it("with PREFECT_UI_SERVE_BASE=/prefect prints and serves the dashboard under it", async () => {
    const { server, url } = await start({ PREFECT_UI_SERVE_BASE: "/prefect" });
    try {
      expect(server.output()).toContain(`Dashboard: ${url}/prefect\n`);
      expect(await (await fetch(`${url}/prefect/`)).text()).toContain('<base href="/prefect/" />');
    } finally {
      server.child.kill("SIGTERM");
    }
    expect(await server.exited).toBe(0);
  });
});
